using Microsoft.Extensions.Options;

namespace Asteroid.Alerts;

/// <summary>Configuration section <c>Smtp</c>: the server alert e-mails go through (MailKit). Without
/// <see cref="Host"/> e-mail deliveries are refused when a rule is saved. <see cref="Password"/> is never
/// logged nor answered.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>The sender, e.g. <c>Asteroid &lt;alerts@example.org&gt;</c>.</summary>
    public string? From { get; set; }

    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary><c>starttls</c> (upgrade required, the default), <c>auto</c> (STARTTLS when offered),
    /// <c>tls</c> (TLS from the first byte, port 465) or <c>none</c> (plain; only for a local relay).</summary>
    public string StartTls { get; set; } = "starttls";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    public static readonly IReadOnlyList<string> Modes = ["starttls", "auto", "tls", "none"];
}

/// <summary>Checks <see cref="SmtpOptions"/> at start: a configured host needs a port, a valid sender
/// address and a known STARTTLS mode; a user needs a password.</summary>
public sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        if (!options.IsConfigured)
        {
            return options.User is null && options.From is null ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("Smtp:Host is required when Smtp:From or Smtp:User is set");
        }

        var errors = new List<string>();
        if (options.Port is < 1 or > 65535)
        {
            errors.Add("Smtp:Port must be 1-65535");
        }

        if (string.IsNullOrWhiteSpace(options.From) || !MimeKit.MailboxAddress.TryParse(options.From, out _))
        {
            errors.Add("Smtp:From must be a sender address (alerts@example.org or \"Name <alerts@example.org>\")");
        }

        if (!Modes.Contains(options.StartTls))
        {
            errors.Add($"Smtp:StartTls must be one of {string.Join(", ", SmtpOptions.Modes)}");
        }

        if (!string.IsNullOrEmpty(options.User) && string.IsNullOrEmpty(options.Password))
        {
            errors.Add("Smtp:Password is required with Smtp:User");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static IReadOnlyList<string> Modes => SmtpOptions.Modes;
}
