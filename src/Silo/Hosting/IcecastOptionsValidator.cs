using Asteroid.Icecast;
using Microsoft.Extensions.Options;

namespace Asteroid.Silo.Hosting;

/// <summary>Checks every configured server at start-up, so a typo fails fast with its position.</summary>
internal sealed class IcecastOptionsValidator : IValidateOptions<IcecastOptions>
{
    public ValidateOptionsResult Validate(string? name, IcecastOptions options)
    {
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Servers.Count; i++)
        {
            var server = options.Servers[i];
            var at = $"Icecast:Servers:{i}";
            if (!ServerIds.IsValid(server.Id))
            {
                errors.Add($"{at}:Id '{server.Id}': {ServerIds.Rule}");
            }
            else if (!seen.Add(server.Id))
            {
                errors.Add($"{at}:Id '{server.Id}' is used twice");
            }

            if (ServerSettingsRules.CheckBaseUrl(server.BaseUrl) is { } urlError)
            {
                errors.Add($"{at}:BaseUrl {urlError}");
            }

            if (ServerSettingsRules.CheckPollInterval(server.PollIntervalSeconds) is { } pollError)
            {
                errors.Add($"{at}:PollIntervalSeconds {pollError}");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
