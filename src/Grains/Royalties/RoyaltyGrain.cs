using System.Globalization;
using Asteroid.Reports;
using Asteroid.Tracks;

namespace Asteroid.Royalties;

/// <summary>The royalty contract: the catalogue and station settings through <see cref="RoyaltyStore"/>,
/// the reports from the station's plays (<see cref="PlayStore"/>) and sessions through
/// <see cref="RoyaltyCalculator"/>. The station is resolved as every report resolves it
/// (<see cref="ScopeResolver"/>): its mounts now, its time zone for days and months.</summary>
[StatelessWorker, Reentrant, GrainType("royalties")]
public sealed class RoyaltyGrain(ScopeResolver resolver, PlayStore plays, RoyaltyStore store, TimeProvider time) : Grain, IRoyaltyGrain
{
    public Task<int> PutCatalog(IReadOnlyList<CatalogEntry> entries) => store.ReplaceCatalogAsync(entries, CancellationToken.None);

    public Task<IReadOnlyList<CatalogEntry>> Catalog() => store.CatalogAsync(CancellationToken.None);

    public Task<RoyaltySettings> Settings(string station) => store.SettingsAsync(station, CancellationToken.None);

    public Task PutSettings(string station, RoyaltySettings settings) => store.PutSettingsAsync(station, settings, CancellationToken.None);

    public async Task<ReportResult<SoundExchangeReport>> SoundExchange(string station, int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        var data = await LoadAsync(station, first, first.AddMonths(1).AddDays(-1));
        if (data.Problem is { } problem)
        {
            return ReportResult<SoundExchangeReport>.Failed(problem);
        }

        var (scope, from, to, maybePlays, sessions, settings) = data;
        var stationPlays = maybePlays!;
        var warnings = new List<string>();
        if (string.IsNullOrWhiteSpace(settings!.ServiceName))
        {
            warnings.Add("no name of service is configured for the station (PUT /api/asteroid/admin/stations/{id}/royalties): the station's id stands in");
        }

        if (!RoyaltySettings.IsCategory(settings.TransmissionCategory))
        {
            warnings.Add("no transmission category is configured for the station (PUT /api/asteroid/admin/stations/{id}/royalties)");
        }

        if (stationPlays.Any(p => !p.EndKnown))
        {
            warnings.Add("some plays are still on air: they are counted up to now, and the report can still change");
        }

        var unmatched = stationPlays.Count(p => p.Entry is null);
        return ReportResult<SoundExchangeReport>.Of(new SoundExchangeReport(
            scope!.Header.Station, scope.Zone.Id, first.ToString("yyyy-MM", CultureInfo.InvariantCulture), from, to,
            settings.ServiceName, settings.TransmissionCategory,
            RoyaltyCalculator.ReportOfUse(stationPlays), RoyaltyCalculator.ReportOfUse(stationPlays, PlayKinds.DirectLicense),
            RoyaltyCalculator.Ath(stationPlays, sessions!, from, to),
            stationPlays.Count, stationPlays.Count(p => p.Kind == PlayKinds.NonMusic), unmatched, warnings));
    }

    public async Task<ReportResult<PplReport>> Ppl(string station, DateOnly from, DateOnly to)
    {
        var data = await LoadAsync(station, from, to);
        if (data.Problem is { } problem)
        {
            return ReportResult<PplReport>.Failed(problem);
        }

        var (scope, start, end, maybePlays, sessions, _) = data;
        var stationPlays = maybePlays!;
        var (hours, countries) = RoyaltyCalculator.ListenerHours(sessions!, start, end);
        var music = stationPlays.Count(p => p.Kind != PlayKinds.NonMusic);
        var programme = RoyaltyCalculator.ProgrammeHours(stationPlays, start, end);
        var perHour = programme > 0 ? Math.Round(music / programme, 4) : 0;
        return ReportResult<PplReport>.Of(new PplReport(scope!.Header, hours, music, programme, perHour, Math.Round(hours * perHour, 2), countries));
    }

    public async Task<ReportResult<UnmatchedReport>> Unmatched(string station, DateOnly from, DateOnly to)
    {
        var data = await LoadAsync(station, from, to);
        return data.Problem is { } problem
            ? ReportResult<UnmatchedReport>.Failed(problem)
            : ReportResult<UnmatchedReport>.Of(new UnmatchedReport(data.Scope!.Header, [.. data.Plays!.Where(p => p.Entry is null).Select(p => p.ToRecord())]));
    }

    private async Task<Loaded> LoadAsync(string station, DateOnly from, DateOnly to)
    {
        var (scope, problem) = await resolver.ResolveAsync(new ReportRequest(station, null, null, from, to));
        if (scope is null)
        {
            return new Loaded(null, default, default, null, null, null) { Problem = problem };
        }

        var start = DateTimeOffset.FromUnixTimeSeconds(scope.FirstDay.Start);
        var end = DateTimeOffset.FromUnixTimeSeconds(scope.LastDay.End);
        var now = time.GetUtcNow();
        var stored = await plays.ListAsync(scope.Members, start, end, net: true, withListeners: false, CancellationToken.None);
        var source = stored.Select(p => new SourcePlay(p.Play, p.Play.EndedAt ?? (now > p.Play.StartedAt ? now : p.Play.StartedAt), p.Play.EndedAt is not null)).ToList();
        // Plays that start in the period count whole, so the sessions are read to the last play's end.
        var sessionsEnd = source.Select(p => p.End).Append(end).Max();
        var sessions = await store.SessionsAsync(scope.Members, start, sessionsEnd, now, CancellationToken.None);
        var settings = await store.SettingsAsync(scope.Header.Station, CancellationToken.None);
        var catalog = new CatalogIndex(await store.CatalogAsync(CancellationToken.None));
        var stationPlays = RoyaltyCalculator.StationPlays(source, catalog, settings.NonMusicPatterns, sessions);
        return new Loaded(scope, start, end, stationPlays, sessions, settings);
    }

    private sealed record class Loaded(ReportScope? Scope, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<StationPlay>? Plays,
        IReadOnlyList<SourceSession>? Sessions, RoyaltySettings? Settings)
    {
        public ReportProblem? Problem { get; init; }
    }
}
