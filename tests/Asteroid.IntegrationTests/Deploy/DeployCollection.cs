namespace Asteroid.IntegrationTests.Deploy;

/// <summary>The manifest process tests bind fixed ports (the manifests' 8080, 11111, 30000) on their
/// own loopback addresses and start several processes: they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DeployCollection : ICollectionFixture<PublishedHosts>
{
    public const string Name = "deploy";
}
