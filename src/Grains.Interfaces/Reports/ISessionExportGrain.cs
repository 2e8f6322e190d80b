namespace Asteroid.Reports;

/// <summary>The raw sessions of a report's scope and range, for the sessions export: one grain per
/// export (a fresh <see cref="Guid"/> key, placed on the calling silo), streamed in batches so
/// memory stays bounded whatever the row count. Not a stateless worker: the stream's cursor lives
/// in the activation that opened it, and every batch must reach that activation.</summary>
[Alias("asteroid.session-export")]
public interface ISessionExportGrain : IGrainWithGuidKey
{
    /// <summary>The sessions that start in the range, oldest first, times in the station's zone.
    /// The request must have been resolved (<see cref="IReportGrain.Resolve"/>).</summary>
    [Alias("sessions")]
    IAsyncEnumerable<SessionExportRow> Sessions(ReportRequest request);
}

/// <summary>One raw session as exported: the listener as its key, never an IP.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.session-export-row")]
public sealed record class SessionExportRow(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string Server,
    [property: Id(2)] string Mount,
    [property: Id(3)] string? Station,
    [property: Id(4)] DateTimeOffset StartedAt,
    [property: Id(5)] DateTimeOffset EndedAt,
    [property: Id(6)] int DurationSeconds,
    [property: Id(7)] int EndPrecisionSeconds,
    [property: Id(8)] string ListenerKey,
    [property: Id(9)] string? CountryCode,
    [property: Id(10)] string? Region,
    [property: Id(11)] string? City,
    [property: Id(12)] double? Latitude,
    [property: Id(13)] double? Longitude,
    [property: Id(14)] string Player,
    [property: Id(15)] string Os,
    [property: Id(16)] string Device,
    [property: Id(17)] bool IsBot,
    [property: Id(18)] long? BytesSent,
    [property: Id(19)] string Source)
{
    /// <summary>The export's column names, in the order of the fields.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "sessionId", "server", "mount", "station", "startedAt", "endedAt", "durationSeconds", "endPrecisionSeconds", "listenerKey",
        "countryCode", "region", "city", "latitude", "longitude", "player", "os", "device", "isBot", "bytesSent", "source",
    ];
}
