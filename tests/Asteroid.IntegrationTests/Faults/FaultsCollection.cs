namespace Asteroid.IntegrationTests.Faults;

/// <summary>Fault tests run alone: several node processes on a 2-core machine next to other test
/// classes could starve a silo's liveness probes and get it voted dead, which is not the fault
/// under test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultsCollection
{
    public const string Name = "faults";
}
