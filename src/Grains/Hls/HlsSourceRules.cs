using Asteroid.Icecast;
using Microsoft.Extensions.Options;

namespace Asteroid.Hls;

/// <summary>The rules of an HLS source's settings (configuration validation).</summary>
public static class HlsSourceRules
{
    public static bool IsUnixSocket(string socket) => socket.StartsWith('/');

    public static string? CheckSocket(string? socket)
    {
        if (string.IsNullOrWhiteSpace(socket))
        {
            return "is required: a unix socket path or 127.0.0.1:PORT";
        }

        if (IsUnixSocket(socket))
        {
            return socket.Length > 100 ? "is longer than a unix socket path may be (100)" : null;
        }

        return System.Net.IPEndPoint.TryParse(socket, out var endpoint) && System.Net.IPAddress.IsLoopback(endpoint.Address) && endpoint.Port > 0
            ? null
            : "must be a unix socket path or a loopback address with a port (127.0.0.1:9999): the runtime API is an admin interface";
    }

    /// <summary>HAProxy's table and proxy names: letters, digits, '-', '_', '.', ':'.</summary>
    public static bool IsName(string? name) => name is { Length: > 0 and <= 100 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}

public sealed class HlsOptionsValidator : IValidateOptions<HlsOptions>
{
    public ValidateOptionsResult Validate(string? name, HlsOptions options)
    {
        var errors = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Sources.Count; i++)
        {
            var source = options.Sources[i];
            var at = $"Hls:Sources:{i}";
            if (!ServerIds.IsValid(source.Id))
            {
                errors.Add($"{at}:Id '{source.Id}': {ServerIds.Rule}");
            }
            else if (!ids.Add(source.Id))
            {
                errors.Add($"{at}:Id '{source.Id}' is used twice");
            }

            if (HlsSourceRules.CheckSocket(source.Socket) is { } socketError)
            {
                errors.Add($"{at}:Socket {socketError}");
            }

            if (ServerSettingsRules.CheckPollInterval(source.PollIntervalSeconds) is { } pollError)
            {
                errors.Add($"{at}:PollIntervalSeconds {pollError}");
            }

            if (source.TimeoutSeconds is < 1 or > 60)
            {
                errors.Add($"{at}:TimeoutSeconds must be between 1 and 60");
            }

            if (source.Streams.Count == 0)
            {
                errors.Add($"{at}:Streams needs at least one stream");
            }

            var mounts = new HashSet<string>(StringComparer.Ordinal);
            for (var j = 0; j < source.Streams.Count; j++)
            {
                var stream = source.Streams[j];
                var sat = $"{at}:Streams:{j}";
                if (!Reports.ReportRules.IsValidMount(stream.Mount) || !stream.Mount.StartsWith('/'))
                {
                    errors.Add($"{sat}:Mount '{stream.Mount}' must be a path starting with '/'");
                }
                else if (!mounts.Add(stream.Mount))
                {
                    errors.Add($"{sat}:Mount '{stream.Mount}' is used twice");
                }

                if ((stream.Table is null) == (stream.Backend is null))
                {
                    errors.Add($"{sat} needs exactly one of Table (show table) and Backend (show stat)");
                }
                else if (!HlsSourceRules.IsName(stream.Table ?? stream.Backend))
                {
                    errors.Add($"{sat}:{(stream.Table is null ? "Backend" : "Table")} '{stream.Table ?? stream.Backend}' is not an HAProxy name (letters, digits, - _ . :)");
                }
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
