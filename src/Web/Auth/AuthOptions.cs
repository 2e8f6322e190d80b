using System.ComponentModel.DataAnnotations;

namespace Asteroid.Web.Auth;

/// <summary>Configuration section <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Keys accepted in the <c>X-Api-Key</c> header (<c>Auth__ApiKeys__0=…</c>).</summary>
    [MinLength(1, ErrorMessage = "Auth:ApiKeys needs at least one key (environment Auth__ApiKeys__0=…); ./run.sh generates one under .data/")]
    public List<string> ApiKeys { get; set; } = [];
}
