using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Asteroid.Alerts;

/// <summary>The outcome of one attempt: accepted or not, the HTTP status (null for e-mail), the first
/// bytes of the answer and the error.</summary>
public sealed record class SendResult(bool Accepted, int? StatusCode, string? Answer, string? Error);

/// <summary>Sends one webhook delivery: POST of the preset's body, signed when the delivery has a
/// secret; no redirects followed; at most 1 KB of the answer kept.</summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<AlertOptions> options)
{
    public const string HttpClientName = "asteroid-alerts";
    public const int MaxAnswerChars = 1024;

    public async Task<SendResult> SendAsync(DueDelivery delivery, CancellationToken ct)
    {
        var body = delivery.Report is { } report ? ReportPayload.Body(report, delivery.Preset) : WebhookPayload.Body(delivery.Event!, delivery.Preset);
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Target)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (!string.IsNullOrEmpty(delivery.Secret))
        {
            request.Headers.Add(WebhookPayload.SignatureHeader, WebhookPayload.Signature(body, delivery.Secret));
        }

        request.Headers.Add("X-Asteroid-Delivery", delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(delivery.Report is null ? "X-Asteroid-Event" : "X-Asteroid-Report-Run",
            (delivery.Event?.Id ?? delivery.Report!.RunId).ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.RequestTimeoutSeconds));
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var answer = await ReadCappedAsync(response.Content, timeout.Token);
            var code = (int)response.StatusCode;
            return new SendResult(code is >= 200 and < 300, code, answer, null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SendResult(false, null, null, $"no answer within {options.Value.RequestTimeoutSeconds} s");
        }
        catch (HttpRequestException e)
        {
            return new SendResult(false, null, null, e.HttpRequestError + ": " + e.Message);
        }
    }

    private static async Task<string?> ReadCappedAsync(HttpContent content, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        var buffer = new byte[MaxAnswerChars];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), ct)) > 0)
        {
            read += n;
        }

        return read == 0 ? null : Encoding.UTF8.GetString(buffer, 0, read);
    }
}

/// <summary>Sends one e-mail delivery through the <c>Smtp:*</c> server with MailKit.</summary>
public sealed class EmailSender(IOptions<SmtpOptions> smtp, IOptions<AlertOptions> options)
{
    public async Task<SendResult> SendAsync(DueDelivery delivery, CancellationToken ct)
    {
        var settings = smtp.Value;
        if (!settings.IsConfigured)
        {
            return new SendResult(false, null, null, "Smtp:Host is not configured");
        }

        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From!));
        foreach (var address in delivery.Target.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            message.To.Add(MailboxAddress.Parse(address));
        }

        if (delivery.Report is { } report)
        {
            Compose(message, report);
        }
        else
        {
            Compose(message, delivery.Event!);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.RequestTimeoutSeconds));
        using var client = new SmtpClient { Timeout = options.Value.RequestTimeoutSeconds * 1000 };
        try
        {
            await client.ConnectAsync(settings.Host!, settings.Port, Mode(settings.StartTls), timeout.Token);
            if (!string.IsNullOrEmpty(settings.User))
            {
                await client.AuthenticateAsync(settings.User, settings.Password ?? "", timeout.Token);
            }

            var answer = await client.SendAsync(message, timeout.Token);
            await client.DisconnectAsync(true, timeout.Token);
            return new SendResult(true, null, Cap(answer), null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SendResult(false, null, null, $"no answer within {options.Value.RequestTimeoutSeconds} s");
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or AuthenticationException or SslHandshakeException
            or IOException or System.Net.Sockets.SocketException or ServiceNotConnectedException or NotSupportedException)
        {
            return new SendResult(false, e is SmtpCommandException command ? (int)command.StatusCode : null, null, Cap(e.GetType().Name + ": " + e.Message));
        }
    }

    private static void Compose(MimeMessage message, AlertEvent alert)
    {
        message.Subject = "[Asteroid] " + WebhookPayload.Title(alert);
        message.Headers.Add("X-Asteroid-Event", alert.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        message.Body = new TextPart("plain")
        {
            Text = $"""
                {WebhookPayload.Title(alert)}

                {alert.Summary}

                Rule:    {alert.RuleId} ({alert.Kind})
                Scope:   {alert.Scope}
                Subject: {alert.Subject}
                State:   {alert.State}
                At:      {alert.At:u}
                {(alert.Since is { } since ? $"Since:   {since:u}" : "")}
                """,
        };
    }

    /// <summary>A report: the KPI text, then each file as an attachment.</summary>
    public static void Compose(MimeMessage message, ReportMessage report)
    {
        message.Subject = "[Asteroid] " + report.Subject;
        message.Headers.Add("X-Asteroid-Report-Run", report.RunId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var body = new BodyBuilder { TextBody = report.Text };
        foreach (var file in report.Files)
        {
            body.Attachments.Add(file.Name, file.Content, ContentType.Parse(file.ContentType));
        }

        message.Body = body.ToMessageBody();
    }

    public static SecureSocketOptions Mode(string mode) => mode switch
    {
        "auto" => SecureSocketOptions.Auto,
        "tls" => SecureSocketOptions.SslOnConnect,
        "none" => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTls,
    };

    private static string? Cap(string? text) => text is null || text.Length <= WebhookSender.MaxAnswerChars ? text : text[..WebhookSender.MaxAnswerChars];
}
