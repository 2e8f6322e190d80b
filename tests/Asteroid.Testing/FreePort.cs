using System.Net;
using System.Net.Sockets;

namespace Asteroid.Testing;

public static class FreePort
{
    /// <summary>A loopback TCP port free right now (the OS picks it).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
