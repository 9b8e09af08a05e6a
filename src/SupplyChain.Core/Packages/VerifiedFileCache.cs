using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.IO;

namespace SupplyChain.Core.Packages;

/// <summary>
/// Remembers which files were verified and what was found, keyed by <see cref="FileIdentity"/> (path, size, device,
/// inode, change time), so a rebuild hashes nothing that is unchanged, while a replaced file, even one whose
/// modification time was set back, has a new change time and is verified again. The cache is a small JSON file in the
/// project's intermediate folder, written atomically. A missing or unreadable cache is an empty one: it can only save
/// work, never skip a check on a file whose identity differs.
/// </summary>
public sealed class VerifiedFileCache
{
    /// <summary>Files changed less than this before they are recorded are not recorded: a write in the same clock tick would keep the identity.</summary>
    public static readonly TimeSpan RacyInterval = TimeSpan.FromSeconds(2);

    private const int FormatVersion = 2;

    private readonly Dictionary<string, VerifiedFileRecord> _records = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly Func<DateTimeOffset> _now;
    private bool _changed;

    private VerifiedFileCache(string? path, Func<DateTimeOffset>? now)
    {
        Path = path;
        _now = now ?? (() => DateTimeOffset.UtcNow);
    }

    /// <summary>The file the cache is read from and saved to, or null for a cache that is never saved.</summary>
    public string? Path { get; }

    /// <summary>False when the cache file was missing, malformed or of another format version: it then proves nothing.</summary>
    public bool WasLoaded { get; private set; }

    /// <summary>The records, keyed by full path.</summary>
    public IReadOnlyCollection<VerifiedFileRecord> Records => _records.Values;

    /// <summary>True when <see cref="Save"/> would write something other than what was loaded: a record was added or changed, or a loaded one was neither found nor recorded again.</summary>
    public bool HasChanges => _changed || _used.Count != _records.Count;

    /// <summary>Creates an empty cache that is not saved.</summary>
    public static VerifiedFileCache CreateInMemory(Func<DateTimeOffset>? now = null) => new(null, now);

    /// <summary>Creates an empty cache saved to <paramref name="path"/>, without reading what the file holds.</summary>
    internal static VerifiedFileCache CreateEmpty(string path, Func<DateTimeOffset>? now = null) => new(System.IO.Path.GetFullPath(path), now);

    /// <summary>Loads a cache file; a missing, malformed or unknown-version file gives an empty cache (reported to <paramref name="sink"/> as a trace).</summary>
    public static VerifiedFileCache Load(string path, IDiagnosticSink? sink = null, Func<DateTimeOffset>? now = null)
    {
        var cache = new VerifiedFileCache(System.IO.Path.GetFullPath(path), now);
        if (!File.Exists(cache.Path))
        {
            return cache;
        }

        cache.WasLoaded = true;

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(cache.Path));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != FormatVersion
                || !root.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array)
            {
                sink?.Trace($"The verified-files cache '{cache.Path}' has another format; starting with an empty cache.");
                cache.WasLoaded = false;
                return cache;
            }

            foreach (var item in files.EnumerateArray())
            {
                var record = ReadRecord(item);
                cache._records[record.Identity.FullPath] = record;
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException or FormatException or KeyNotFoundException or ArgumentException)
        {
            sink?.Trace($"The verified-files cache '{cache.Path}' cannot be read ({ex.Message}); starting with an empty cache.");
            cache._records.Clear();
            cache.WasLoaded = false;
        }

        return cache;
    }

    /// <summary>
    /// The cheap check a build runs every time: stats every recorded file and returns the full paths whose identity
    /// changed or that no longer exist, without hashing anything. A cache that is missing, cannot be read or has
    /// another format proves nothing, so it is listed itself: the verification runs again (fail closed).
    /// </summary>
    public static IReadOnlyList<string> FindChanged(string cachePath)
    {
        var cache = Load(cachePath);
        return cache.WasLoaded ? cache.FindChanged() : new[] { cache.Path! };
    }

    /// <summary>Stats every recorded file and returns the full paths whose identity changed or that no longer exist.</summary>
    public IReadOnlyList<string> FindChanged()
    {
        var changed = new List<string>();
        foreach (var record in _records.Values)
        {
            // A racy record was verified within the racy interval of its last change: its identity proves nothing,
            // so it counts as changed until a verification records it again.
            var current = record.Kind == VerifiedFileKind.PackageDirectory
                ? FileIdentity.TryGetDirectory(record.Identity.FullPath)
                : FileIdentity.TryGet(record.Identity.FullPath);
            if (record.Racy || current != record.Identity)
            {
                changed.Add(record.Identity.FullPath);
            }
        }

        changed.Sort(StringComparer.Ordinal);
        return changed;
    }

    /// <summary>Returns the record for a file whose current identity is <paramref name="identity"/> and whose kind matches, or null.</summary>
    public VerifiedFileRecord? Find(FileIdentity? identity, VerifiedFileKind kind)
    {
        if (identity is null || !_records.TryGetValue(identity.FullPath, out var record) || record.Racy || record.Identity != identity || record.Kind != kind)
        {
            return null;
        }

        _used.Add(identity.FullPath);
        return record;
    }

    /// <summary>
    /// Records a verification. <paramref name="before"/> is the identity read before the file was read and
    /// <paramref name="after"/> the one read after; nothing is recorded unless both are known and equal, and the file
    /// was last changed at least <see cref="RacyInterval"/> ago.
    /// </summary>
    public void Record(FileIdentity? before, FileIdentity? after, VerifiedFileKind kind, string value, string detail)
    {
        if (before is null || before != after)
        {
            return;
        }

        _used.Add(before.FullPath);
        // Changed too recently for its identity to be trusted: kept, marked racy, so the every-build check
        // re-verifies it instead of forgetting it.
        var racy = before.ChangeTime > _now() - RacyInterval;
        var record = new VerifiedFileRecord(before, kind, value, detail, racy);
        if (!_records.TryGetValue(before.FullPath, out var known) || known != record)
        {
            _changed = true;
            _records[before.FullPath] = record;
        }
    }

    /// <summary>Saves the records found or made since the cache was loaded, dropping the others; does nothing for an in-memory cache.</summary>
    public void Save()
    {
        if (Path is null)
        {
            return;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", FormatVersion);
            writer.WriteStartArray("files");
            var paths = new List<string>(_used);
            paths.Sort(StringComparer.Ordinal);
            foreach (var path in paths)
            {
                if (_records.TryGetValue(path, out var record))
                {
                    WriteRecord(writer, record);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        AtomicFile.WriteAllBytes(Path, buffer.ToArray());
    }

    private static VerifiedFileRecord ReadRecord(JsonElement item)
    {
        var identity = new FileIdentity(
            item.GetProperty("path").GetString() ?? throw new FormatException("path"),
            item.GetProperty("size").GetInt64(),
            item.GetProperty("device").GetUInt64(),
            item.GetProperty("inode").GetUInt64(),
            item.GetProperty("ctime").GetInt64(),
            item.GetProperty("ctimeNs").GetUInt32(),
            item.GetProperty("mtime").GetInt64(),
            item.GetProperty("mtimeNs").GetUInt32());
        var kind = Enum.Parse<VerifiedFileKind>(item.GetProperty("kind").GetString() ?? throw new FormatException("kind"));
        return new VerifiedFileRecord(
            identity,
            kind,
            item.GetProperty("value").GetString() ?? throw new FormatException("value"),
            item.GetProperty("detail").GetString() ?? throw new FormatException("detail"),
            item.TryGetProperty("racy", out var racy) && racy.GetBoolean());
    }

    private static void WriteRecord(Utf8JsonWriter writer, VerifiedFileRecord record)
    {
        writer.WriteStartObject();
        writer.WriteString("path", record.Identity.FullPath);
        writer.WriteNumber("size", record.Identity.Length);
        writer.WriteNumber("device", record.Identity.Device);
        writer.WriteNumber("inode", record.Identity.Inode);
        writer.WriteNumber("ctime", record.Identity.ChangeTimeSeconds);
        writer.WriteNumber("ctimeNs", record.Identity.ChangeTimeNanoseconds);
        writer.WriteNumber("mtime", record.Identity.ModificationTimeSeconds);
        writer.WriteNumber("mtimeNs", record.Identity.ModificationTimeNanoseconds);
        writer.WriteString("kind", record.Kind.ToString());
        writer.WriteString("value", record.Value);
        writer.WriteString("detail", record.Detail);
        if (record.Racy)
        {
            writer.WriteBoolean("racy", true);
        }

        writer.WriteEndObject();
    }
}
