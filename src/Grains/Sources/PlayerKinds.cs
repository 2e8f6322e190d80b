namespace Asteroid.Sources;

/// <summary>How a listener plays the stream (the <c>player_kind</c> of a session):
/// a browser (<see cref="Web"/>), a phone or desktop app (<see cref="App"/>), a smart speaker
/// (<see cref="SmartSpeaker"/>), a media player (<see cref="MediaPlayer"/>), a radio directory's
/// app or web player (<see cref="Directory"/>), or <see cref="Unknown"/> (no agent, bots, anything else).</summary>
public static class PlayerKinds
{
    public const string Web = "web";
    public const string App = "app";
    public const string SmartSpeaker = "smart-speaker";
    public const string MediaPlayer = "media-player";
    public const string Directory = "directory";
    public const string Unknown = "unknown";

    public static readonly string[] All = [Web, App, SmartSpeaker, MediaPlayer, Directory, Unknown];
}
