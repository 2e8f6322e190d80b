using System.Net;
using System.Text;

namespace Asteroid.Tests.Support;

/// <summary>Answers every request with one response recorded from a real Icecast: the status line
/// and headers of a <c>.hdr</c> file and the bytes of its body file. Lets the admin client's error
/// mapping be tested on Icecast's exact answers.</summary>
public sealed class RecordedResponseHandler(string headerFile, byte[] body) : HttpMessageHandler
{
    public int Requests { get; private set; }

    public static RecordedResponseHandler FromSample(string headerName, string bodyName) =>
        new(SharedData.Sample(headerName), File.ReadAllBytes(SharedData.Sample(bodyName)));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests++;
        var lines = File.ReadAllLines(headerFile, Encoding.UTF8).TakeWhile(l => l.Length > 0).ToList();
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new ByteArrayContent(body), RequestMessage = request };
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (name, value) = (line[..colon], line[(colon + 1)..].Trim());
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue; // follows the body actually sent
            }

            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return Task.FromResult(response);
    }
}
