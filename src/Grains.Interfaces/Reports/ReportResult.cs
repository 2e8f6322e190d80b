namespace Asteroid.Reports;

/// <summary>A report, or why there is none: <see cref="ReportProblemKind.NotFound"/> (no such
/// station or server) or <see cref="ReportProblemKind.Invalid"/> (a range the station's time zone
/// cannot count in, such as a day at the end of the calendar).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.report-result`1")]
public sealed record class ReportResult<T>([property: Id(0)] T? Report, [property: Id(1)] ReportProblem? Problem)
    where T : class
{
    public static ReportResult<T> Of(T report) => new(report, null);

    public static ReportResult<T> Failed(ReportProblem problem) => new(null, problem);
}

[GenerateSerializer, Alias("asteroid.report-problem-kind")]
public enum ReportProblemKind
{
    NotFound = 0,
    Invalid = 1,
    /// <summary>The numbers asked for are not known (gross traffic of days stored before it existed whose raw sessions are gone).</summary>
    Unavailable = 2,
}

/// <summary>A problem with the request, with the title and detail of its ProblemDetails; for
/// <see cref="ReportProblemKind.Invalid"/>, the query parameter at fault.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.report-problem")]
public sealed record class ReportProblem(
    [property: Id(0)] ReportProblemKind Kind,
    [property: Id(1)] string Title,
    [property: Id(2)] string Detail,
    [property: Id(3)] string? Parameter = null);
