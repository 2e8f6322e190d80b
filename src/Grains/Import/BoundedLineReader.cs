using System.Text;

namespace Asteroid.Import;

/// <summary>Reads lines (ended by LF, CRLF or CR, like <see cref="TextReader.ReadLineAsync()"/>) of at
/// most <see cref="MaxLength"/> characters from a stream of any size; the rest of a longer line is
/// skipped without being kept, so memory stays flat whatever one line holds.</summary>
public sealed class BoundedLineReader(TextReader reader, int maxLength)
{
    private readonly char[] _buffer = new char[8192];
    private readonly StringBuilder _line = new();
    private int _position;
    private int _length;
    private bool _skipLf;

    public int MaxLength { get; } = maxLength;

    /// <summary>The next line, or null at the end; <paramref name="tooLong"/> when it was longer than
    /// <see cref="MaxLength"/> (then the line returned is empty).</summary>
    public async ValueTask<(string? Line, bool TooLong)> ReadLineAsync(CancellationToken ct)
    {
        _line.Clear();
        var tooLong = false;
        var any = false;
        while (true)
        {
            if (_position == _length)
            {
                _length = await reader.ReadAsync(_buffer.AsMemory(), ct);
                _position = 0;
                if (_length == 0)
                {
                    return any ? (tooLong ? "" : _line.ToString(), tooLong) : (null, false);
                }
            }

            if (_skipLf)
            {
                _skipLf = false;
                if (_buffer[_position] == '\n')
                {
                    _position++;
                    continue;
                }
            }

            any = true;
            var span = _buffer.AsSpan(_position, _length - _position);
            var end = span.IndexOfAny('\n', '\r');
            var chunk = end < 0 ? span : span[..end];
            if (!tooLong)
            {
                if (_line.Length + chunk.Length > MaxLength)
                {
                    tooLong = true;
                    _line.Clear();
                }
                else
                {
                    _line.Append(chunk);
                }
            }

            if (end < 0)
            {
                _position = _length;
                continue;
            }

            _skipLf = span[end] == '\r';
            _position += end + 1;
            return (tooLong ? "" : _line.ToString(), tooLong);
        }
    }
}
