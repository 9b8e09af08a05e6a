using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using SupplyChain.Core.IO;

namespace SupplyChain.Core.Pinning;

/// <summary>
/// The NuGet configuration files the last verification saw restore read, and their contents by hash: the build's
/// incremental check compares this state with the files as they are, so removing <c>&lt;packageSourceMapping&gt;</c>
/// or turning on <c>allowInsecureConnections</c> verifies again even when restore leaves the assets file as it was.
/// One writer for both moments it is taken (before the check, and after a verification chose the files); each file is
/// rewritten only when its text changes, so its time stamp moves only then.
/// </summary>
public static class RestoreConfigState
{
    private const string Header = "restore-config 2";

    /// <summary>
    /// Records <paramref name="files"/> in <paramref name="listPath"/> (when given) and their state in
    /// <paramref name="statePath"/>; with no files given, the ones the list holds.
    /// </summary>
    public static void Record(string statePath, string? listPath, IReadOnlyList<string>? files)
    {
        ArgumentException.ThrowIfNullOrEmpty(statePath);
        var list = files ?? ReadList(listPath);
        if (files is not null && listPath is not null)
        {
            WriteIfDifferent(listPath, string.Concat(files.Select(f => f + "\n")));
        }

        WriteIfDifferent(statePath, Format(list));
    }

    /// <summary>The state text: a header, then one line per file, its full path and SHA-256, or <c>missing</c>.</summary>
    public static string Format(IEnumerable<string> files)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var file in files)
        {
            var full = Path.GetFullPath(file);
            string hash;
            try
            {
                using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                hash = Convert.ToHexString(SHA256.HashData(stream));
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                hash = "missing";
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Unreadable now: a state that cannot equal a readable one, so the next readable build verifies again.
                hash = "unreadable";
            }

            text.Append(full).Append(' ').Append(hash).Append('\n');
        }

        return text.ToString();
    }

    private static IReadOnlyList<string> ReadList(string? listPath)
    {
        if (listPath is null || !File.Exists(listPath))
        {
            return Array.Empty<string>();
        }

        return File.ReadAllLines(listPath).Where(l => l.Trim().Length > 0).ToArray();
    }

    private static void WriteIfDifferent(string path, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.WriteAllBytes(path, bytes);
    }
}
