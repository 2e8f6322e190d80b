using System.ComponentModel.DataAnnotations;

namespace Asteroid.Stations;

/// <summary>Configuration section <c>Network</c>: the whole network's report scope.</summary>
public sealed class NetworkOptions : IValidatableObject
{
    public const string Section = "Network";

    /// <summary>The IANA time zone the whole network's days are counted in (its reports' <c>timeZone</c>).</summary>
    [Required, MaxLength(100)]
    public string TimeZone { get; set; } = "UTC";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"Network:TimeZone '{TimeZone}' is not an IANA time zone (such as Europe/Berlin)", [nameof(TimeZone)]);
        }
    }
}
