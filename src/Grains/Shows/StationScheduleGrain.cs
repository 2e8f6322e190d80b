namespace Asteroid.Shows;

/// <summary>One station's schedule, read from <see cref="ShowStore"/> on activation and written
/// through; the overlap rule (<see cref="ShowRules.FindConflict"/>) runs here, one change at a time.</summary>
[GrainType("station-schedule")]
public sealed class StationScheduleGrain(ShowStore store) : Grain, IStationScheduleGrain
{
    private List<ShowDefinition> _shows = [];
    private List<Daypart>? _dayparts;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _shows = await store.ListAsync(this.GetPrimaryKeyString(), cancellationToken);
        _dayparts = await store.DaypartsAsync(this.GetPrimaryKeyString(), cancellationToken);
    }

    public Task<StationSchedule> Schedule() =>
        Task.FromResult(new StationSchedule([.. _shows], _dayparts is { } own ? [.. own] : DefaultDayparts.Triton, _dayparts is null));

    public async Task<ShowPutResult> Put(ShowDefinition show)
    {
        var before = _shows.FirstOrDefault(s => s.Id == show.Id);
        if (before is null && _shows.Count >= IStationScheduleGrain.MaxShows)
        {
            return new ShowPutResult(null, null, $"a station has at most {IStationScheduleGrain.MaxShows} shows");
        }

        if (before?.CalendarUid is { } uid && show.CalendarUid is null)
        {
            show = show with { CalendarUid = uid }; // edited by hand, still the calendar's event
        }

        if (ShowRules.FindConflict(show, _shows) is { } conflict)
        {
            return new ShowPutResult(before, conflict.ShowId, conflict.Detail);
        }

        await store.PutAsync(this.GetPrimaryKeyString(), show, CancellationToken.None);
        _shows = [.. _shows.Where(s => s.Id != show.Id).Append(show).OrderBy(s => s.Id, StringComparer.Ordinal)];
        return new ShowPutResult(before, null, null);
    }

    public async Task<ShowImportResult> ImportCalendar(string ics, string timeZone, bool replace)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;
        IcsMapping mapping;
        try
        {
            mapping = IcsScheduleMapper.Map(ics, zone);
        }
        catch (IcsFormatException bad)
        {
            return new ShowImportResult([], [], null, null, null, bad.Message, bad.Line);
        }
        catch (ArgumentOutOfRangeException)
        {
            // a date near the ends of the calendar (year 1 or 9999) that the expansion cannot move past
            return new ShowImportResult([], [], null, null, null, "a date in the calendar is too close to year 1 or 9999 to expand", 0);
        }

        var plan = ShowImportPlan.Make(_shows, [.. mapping.Shows.Select(s => s.Show)], replace);
        if (plan.Refusal is { } refused)
        {
            return refused with { Skipped = mapping.Skipped };
        }

        if (plan.Upserts.Count > 0 || plan.Removals.Count > 0)
        {
            await store.ApplyAsync(this.GetPrimaryKeyString(), plan.Upserts, plan.Removals, CancellationToken.None);
            _shows = [.. plan.After];
        }

        return new ShowImportResult(plan.Changes, mapping.Skipped, null, null, null);
    }

    public async Task<ShowDefinition?> Remove(string showId)
    {
        var before = _shows.FirstOrDefault(s => s.Id == showId);
        if (before is not null)
        {
            await store.DeleteAsync(this.GetPrimaryKeyString(), showId, CancellationToken.None);
            _shows = [.. _shows.Where(s => s.Id != showId)];
        }

        return before;
    }

    public async Task PutDayparts(IReadOnlyList<Daypart>? dayparts)
    {
        var own = dayparts is { Count: > 0 } ? dayparts.ToList() : null;
        await store.PutDaypartsAsync(this.GetPrimaryKeyString(), own, CancellationToken.None);
        _dayparts = own;
    }
}
