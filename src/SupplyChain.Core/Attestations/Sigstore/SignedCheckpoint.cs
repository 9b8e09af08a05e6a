using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace SupplyChain.Core.Attestations.Sigstore;

/// <summary>
/// A transparency-log checkpoint in the signed-note format: the body lines <c>origin</c>, tree size, base64 root hash
/// (and optional extension lines), a blank line, then signature lines <c>— name base64(keyhint[4] || signature)</c>.
/// </summary>
public sealed record SignedCheckpoint(string Origin, long TreeSize, byte[] RootHash, byte[] SignedText, IReadOnlyList<(string Name, byte[] KeyHint, byte[] Signature)> Signatures)
{
    /// <summary>The most signature lines read.</summary>
    public const int MaxSignatures = 16;

    /// <summary>Parses a signed note; returns null with a reason when it is not one.</summary>
    public static SignedCheckpoint? Parse(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        error = null;
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            error = "it has no blank line between the note and its signatures";
            return null;
        }

        var body = text[..(split + 1)];
        var lines = body[..^1].Split('\n');
        if (lines.Length < 3)
        {
            error = "the note has fewer than three lines (origin, tree size, root hash)";
            return null;
        }

        if (!long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            error = "the second line is not a tree size";
            return null;
        }

        byte[] root;
        try
        {
            root = Convert.FromBase64String(lines[2]);
        }
        catch (FormatException)
        {
            error = "the third line is not a base64 root hash";
            return null;
        }

        var signatures = new List<(string, byte[], byte[])>();
        var rest = text[(split + 2)..];
        if (!rest.EndsWith('\n'))
        {
            error = "the signature lines do not end with a newline";
            return null;
        }

        foreach (var line in rest[..^1].Split('\n'))
        {
            if (!line.StartsWith("\u2014 ", StringComparison.Ordinal))
            {
                error = "a signature line does not start with '\u2014 '";
                return null;
            }

            var space = line.LastIndexOf(' ');
            if (space <= 2)
            {
                error = "a signature line has no name";
                return null;
            }

            var name = line[2..space];
            byte[] blob;
            try
            {
                blob = Convert.FromBase64String(line[(space + 1)..]);
            }
            catch (FormatException)
            {
                error = "a signature is not base64";
                return null;
            }

            if (blob.Length < 5 || name.Length == 0)
            {
                error = "a signature line has no name or a signature shorter than its key hint";
                return null;
            }

            signatures.Add((name, blob[..4], blob[4..]));
            if (signatures.Count > MaxSignatures)
            {
                error = "it has too many signature lines";
                return null;
            }
        }

        return new SignedCheckpoint(lines[0], size, root, Encoding.UTF8.GetBytes(body), signatures);
    }
}
