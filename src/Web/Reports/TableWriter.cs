using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Asteroid.Web.Reports;

/// <summary>Writes rows of named cells to a response as CSV (RFC 4180, header row) or as a JSON
/// array, flushing as it goes so memory stays flat whatever the row count. Text cells a spreadsheet
/// would run as a formula (starting with = + - @, tab or CR) are prefixed with an apostrophe.</summary>
public abstract class TableWriter : IAsyncDisposable
{
    private int _rows;

    public static TableWriter Create(string format, Stream body, IReadOnlyList<string> columns) => format == "json"
        ? new JsonTableWriter(body, columns)
        : new CsvTableWriter(body, columns);

    public async ValueTask WriteRowAsync(params object?[] cells)
    {
        WriteRow(cells);
        if (++_rows % 100 == 0)
        {
            await FlushAsync();
        }
    }

    public abstract ValueTask DisposeAsync();

    protected abstract void WriteRow(object?[] cells);

    protected abstract ValueTask FlushAsync();

    public static string Neutralise(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    private sealed class CsvTableWriter : TableWriter
    {
        private readonly StreamWriter _writer;

        public CsvTableWriter(Stream body, IReadOnlyList<string> columns)
        {
            // Large enough that it never flushes by itself between our asynchronous flushes (every 100 rows):
            // a synchronous write to a response body is refused.
            _writer = new StreamWriter(body, new UTF8Encoding(false), 1 << 20) { NewLine = "\r\n" };
            _writer.Write(string.Join(',', columns.Select(Quote)));
            _writer.Write("\r\n");
        }

        protected override void WriteRow(object?[] cells)
        {
            for (var i = 0; i < cells.Length; i++)
            {
                if (i > 0)
                {
                    _writer.Write(',');
                }

                _writer.Write(cells[i] switch
                {
                    null => "",
                    string s => Quote(Neutralise(s)),
                    bool b => b ? "true" : "false",
                    DateTimeOffset d => d.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    var other => Quote(Neutralise(other.ToString() ?? "")),
                });
            }

            _writer.Write("\r\n");
        }

        protected override async ValueTask FlushAsync() => await _writer.FlushAsync();

        public override async ValueTask DisposeAsync()
        {
            await _writer.FlushAsync();
            await _writer.DisposeAsync();
        }

        private static string Quote(string text) =>
            text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    private sealed class JsonTableWriter : TableWriter
    {
        private readonly Stream _body;
        private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
        private readonly Utf8JsonWriter _writer;
        private readonly IReadOnlyList<string> _columns;

        public JsonTableWriter(Stream body, IReadOnlyList<string> columns)
        {
            // The JSON goes to a memory buffer, copied to the response asynchronously on each flush:
            // the serializer flushes its writer synchronously, which a response body refuses.
            _body = body;
            _columns = columns;
            _writer = new Utf8JsonWriter(_buffer);
            _writer.WriteStartArray();
        }

        protected override void WriteRow(object?[] cells)
        {
            _writer.WriteStartObject();
            for (var i = 0; i < cells.Length; i++)
            {
                _writer.WritePropertyName(_columns[i]);
                JsonSerializer.Serialize(_writer, cells[i], cells[i]?.GetType() ?? typeof(object));
            }

            _writer.WriteEndObject();
        }

        protected override async ValueTask FlushAsync()
        {
            _writer.Flush();
            await _body.WriteAsync(_buffer.WrittenMemory);
            _buffer.ResetWrittenCount();
        }

        public override async ValueTask DisposeAsync()
        {
            if (_writer.CurrentDepth == 1)
            {
                _writer.WriteEndArray();
                await FlushAsync();
            }

            await _writer.DisposeAsync(); // a row that failed half-written leaves the response cut, not closed as if complete
        }
    }
}
