namespace Asteroid.Sessions;

/// <summary>One change for the session tables: a session opened, or one finished.</summary>
public readonly record struct SessionWrite(OpenSession? Opened, FinishedSession? Finished);
