using System.Text.Json;
using Asteroid.Icecast;

namespace Asteroid.Shows;

/// <summary>What an import of calendar shows does to a station's schedule (pure). Rules:
/// <list type="bullet">
/// <item>a show whose <see cref="ShowDefinition.CalendarUid"/> was imported before keeps that show's
/// id (even when renamed in the calendar), so importing the same file twice changes nothing;</item>
/// <item>a new UID gets its proposed id, or when a show of the station (made by hand or from another
/// UID) or an earlier show of the import has it, the first free <c>{id}-2</c>, <c>{id}-3</c>… (UIDs
/// taken in ordinal order, so the outcome does not depend on the order of the file);</item>
/// <item>with replace, shows imported before whose UID the import no longer has are removed; shows
/// made by hand are never removed;</item>
/// <item>the result is refused as a whole when any imported show overlaps another show of the
/// resulting schedule (<see cref="ShowRules.FindConflict"/>) or the station would have more than
/// <see cref="IStationScheduleGrain.MaxShows"/> shows.</item>
/// </list></summary>
public sealed class ShowImportPlan
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private ShowImportPlan(List<ShowDefinition> after, List<ShowImportChange> changes, List<ShowDefinition> upserts, List<string> removals, ShowImportResult? refusal)
    {
        After = after;
        Changes = changes;
        Upserts = upserts;
        Removals = removals;
        Refusal = refusal;
    }

    /// <summary>The station's shows after the import, ordered by id.</summary>
    public IReadOnlyList<ShowDefinition> After { get; }

    public IReadOnlyList<ShowImportChange> Changes { get; }

    /// <summary>The shows to write (created or changed).</summary>
    public IReadOnlyList<ShowDefinition> Upserts { get; }

    /// <summary>The ids of the shows to delete.</summary>
    public IReadOnlyList<string> Removals { get; }

    /// <summary>Why nothing may be written, or null.</summary>
    public ShowImportResult? Refusal { get; }

    public static ShowImportPlan Make(IReadOnlyList<ShowDefinition> existing, IReadOnlyList<ShowDefinition> imported, bool replace)
    {
        var byUid = new Dictionary<string, ShowDefinition>(StringComparer.Ordinal);
        foreach (var show in existing)
        {
            if (show.CalendarUid is { } uid)
            {
                byUid.TryAdd(uid, show);
            }
        }

        var ordered = imported.OrderBy(s => s.CalendarUid, StringComparer.Ordinal).ToList();
        var taken = existing.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var assigned = new HashSet<string>(StringComparer.Ordinal);
        var final = new List<ShowDefinition>();
        foreach (var show in ordered.Where(s => s.CalendarUid is { } uid && byUid.ContainsKey(uid)))
        {
            var id = byUid[show.CalendarUid!].Id;
            assigned.Add(id);
            final.Add(show with { Id = id });
        }

        foreach (var show in ordered.Where(s => s.CalendarUid is not { } uid || !byUid.ContainsKey(uid)))
        {
            var id = FreeId(show.Id, id => taken.Contains(id) || assigned.Contains(id));
            assigned.Add(id);
            final.Add(show with { Id = id });
        }

        var uids = imported.Select(s => s.CalendarUid).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var removed = replace ? existing.Where(s => s.CalendarUid is { } uid && !uids.Contains(uid)).ToList() : [];
        var replaced = final.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var after = existing.Where(s => !replaced.Contains(s.Id) && !removed.Contains(s))
            .Concat(final).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();

        var changes = new List<ShowImportChange>();
        var upserts = new List<ShowDefinition>();
        foreach (var show in final)
        {
            var before = existing.FirstOrDefault(s => s.Id == show.Id);
            var action = before is null ? "created" : Same(before, show) ? "unchanged" : "updated";
            changes.Add(new ShowImportChange(show.Id, show.CalendarUid, show.Name, action));
            if (action != "unchanged")
            {
                upserts.Add(show);
            }
        }

        changes.AddRange(removed.Select(s => new ShowImportChange(s.Id, s.CalendarUid, s.Name, "removed")));
        ShowImportResult? refusal = null;
        if (after.Count > IStationScheduleGrain.MaxShows)
        {
            refusal = new ShowImportResult([], [], null, null, $"a station has at most {IStationScheduleGrain.MaxShows} shows; the import would leave {after.Count}");
        }
        else
        {
            foreach (var show in final)
            {
                if (ShowRules.FindConflict(show, after) is { } conflict)
                {
                    var other = after.First(s => s.Id == conflict.ShowId);
                    var detail = conflict.ShowId == show.Id
                        ? $"imported show '{show.Id}' ({show.Name}, UID {show.CalendarUid}): {conflict.Detail}"
                        : $"imported show '{show.Id}' ({show.Name}, UID {show.CalendarUid}) {conflict.Detail}"
                            + (other.CalendarUid is { } theirs ? $" (imported from UID {theirs})" : "");
                    refusal = new ShowImportResult([], [], show.Id, conflict.ShowId, detail);
                    break;
                }
            }
        }

        return new ShowImportPlan(after, changes, upserts, [.. removed.Select(s => s.Id)], refusal);
    }

    /// <summary><paramref name="proposed"/> or, when taken, the first free <c>{id}-2</c>, <c>{id}-3</c>…
    /// (the base shortened so the id stays within 64 characters).</summary>
    public static string FreeId(string proposed, Func<string, bool> isTaken)
    {
        if (!isTaken(proposed))
        {
            return proposed;
        }

        for (var n = 2; ; n++)
        {
            var suffix = $"-{n}";
            var stem = proposed.Length + suffix.Length > 64 ? proposed[..(64 - suffix.Length)] : proposed;
            var candidate = stem + suffix;
            if (!isTaken(candidate) && ServerIds.IsValid(candidate))
            {
                return candidate;
            }
        }
    }

    private static bool Same(ShowDefinition a, ShowDefinition b) =>
        JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json);
}
