using Microsoft.Extensions.Options;

namespace Asteroid.Enrichment;

/// <summary>Configuration section <c>Asteroid</c>: <c>Asteroid:TrustedProxies</c>, the CIDR ranges of
/// the proxies (HAProxy, nginx) whose <c>X-Forwarded-For</c> / <c>Forwarded</c> header names the
/// listener (docs/imports.md, README). Empty (default): forwarded headers are never believed.</summary>
public sealed class ProxyOptions
{
    public const string Section = "Asteroid";

    public List<string> TrustedProxies { get; set; } = [];
}

/// <summary>Refuses to start with an entry of <c>Asteroid:TrustedProxies</c> that is not a range.</summary>
public sealed class ProxyOptionsValidator : IValidateOptions<ProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyOptions options)
    {
        TrustedProxies.Parse(options.TrustedProxies, out var errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(e => $"Asteroid:TrustedProxies: {e}"));
    }
}
