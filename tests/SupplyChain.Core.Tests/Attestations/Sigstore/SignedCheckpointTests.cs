using System;
using System.Linq;
using System.Text;
using SupplyChain.Core.Attestations.Sigstore;

namespace SupplyChain.Core.Tests.Attestations.Sigstore;

/// <summary>The signed-note checkpoint reader: what it reads, what the signature is over, and each malformed note it refuses.</summary>
public sealed class SignedCheckpointTests
{
    private static readonly string Root = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
    private static readonly string Signature = Convert.ToBase64String(new byte[] { 0xAA, 0xBB, 0xCC, 0xDD, 1, 2, 3 });

    private static string Note(string body = "rekor.test - 42\n7\n", string? signatures = null)
        => body + Root + "\n\n" + (signatures ?? "\u2014 rekor.test " + Signature + "\n");

    [Fact]
    public void Checkpoint_is_read_with_its_origin_size_root_and_signed_text()
    {
        var checkpoint = SignedCheckpoint.Parse(Note(), out var error);
        Assert.NotNull(checkpoint);
        Assert.Null(error);
        Assert.Equal("rekor.test - 42", checkpoint.Origin);
        Assert.Equal(7, checkpoint.TreeSize);
        Assert.Equal(Convert.FromBase64String(Root), checkpoint.RootHash);

        // The signature is over the note body up to and including its last newline, and nothing of the signatures.
        Assert.Equal("rekor.test - 42\n7\n" + Root + "\n", Encoding.UTF8.GetString(checkpoint.SignedText));
        var (name, hint, signature) = Assert.Single(checkpoint.Signatures);
        Assert.Equal("rekor.test", name);
        Assert.Equal(new byte[] { 0xAA, 0xBB, 0xCC, 0xDD }, hint);
        Assert.Equal(new byte[] { 1, 2, 3 }, signature);
    }

    [Fact]
    public void Extension_lines_after_the_root_are_part_of_the_signed_text()
    {
        var text = "rekor.test - 42\n7\n" + Root + "\nTimestamp: 1\n\n\u2014 rekor.test " + Signature + "\n";
        var checkpoint = SignedCheckpoint.Parse(text, out _);
        Assert.NotNull(checkpoint);
        Assert.EndsWith("\nTimestamp: 1\n", Encoding.UTF8.GetString(checkpoint.SignedText), StringComparison.Ordinal);
    }

    [Fact]
    public void Several_signature_lines_are_all_read()
    {
        var checkpoint = SignedCheckpoint.Parse(Note(signatures: "\u2014 a " + Signature + "\n\u2014 b c " + Signature + "\n"), out _);
        Assert.NotNull(checkpoint);
        Assert.Equal(new[] { "a", "b c" }, checkpoint.Signatures.Select(s => s.Name));
    }

    [Theory]
    [InlineData("no blank line", "rekor.test - 42\n7\nROOT\n\u2014 rekor.test SIG\n", "no blank line")]
    [InlineData("two body lines", "rekor.test - 42\n7\n\n\u2014 rekor.test SIG\n", "fewer than three lines")]
    [InlineData("signed size", "rekor.test - 42\n+7\nROOT\n\n\u2014 rekor.test SIG\n", "not a tree size")]
    [InlineData("negative size", "rekor.test - 42\n-7\nROOT\n\n\u2014 rekor.test SIG\n", "not a tree size")]
    [InlineData("padded size", "rekor.test - 42\n 7\nROOT\n\n\u2014 rekor.test SIG\n", "not a tree size")]
    [InlineData("root not base64", "rekor.test - 42\n7\n%%%\n\n\u2014 rekor.test SIG\n", "not a base64 root hash")]
    [InlineData("no final newline", "rekor.test - 42\n7\nROOT\n\n\u2014 rekor.test SIG", "do not end with a newline")]
    [InlineData("hyphen, not em dash", "rekor.test - 42\n7\nROOT\n\n- rekor.test SIG\n", "does not start with")]
    [InlineData("no name", "rekor.test - 42\n7\nROOT\n\n\u2014 SIG\n", "has no name")]
    [InlineData("empty name", "rekor.test - 42\n7\nROOT\n\n\u2014  SIG\n", "has no name")]
    [InlineData("signature not base64", "rekor.test - 42\n7\nROOT\n\n\u2014 rekor.test %%%\n", "not base64")]
    [InlineData("signature only a key hint", "rekor.test - 42\n7\nROOT\n\n\u2014 rekor.test qrvM3Q==\n", "shorter than its key hint")]
    [InlineData("no signature line", "rekor.test - 42\n7\nROOT\n\n\n", "does not start with")]
    public void Malformed_checkpoint_is_refused_with_its_reason(string what, string text, string reason)
    {
        var checkpoint = SignedCheckpoint.Parse(text.Replace("ROOT", Root, StringComparison.Ordinal).Replace("SIG", Signature, StringComparison.Ordinal), out var error);
        Assert.True(checkpoint is null, what);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Checkpoint_with_more_signature_lines_than_the_limit_is_refused()
    {
        var lines = string.Concat(Enumerable.Repeat("\u2014 rekor.test " + Signature + "\n", SignedCheckpoint.MaxSignatures));
        Assert.NotNull(SignedCheckpoint.Parse(Note(signatures: lines), out _));
        Assert.Null(SignedCheckpoint.Parse(Note(signatures: lines + "\u2014 rekor.test " + Signature + "\n"), out var error));
        Assert.Contains("too many signature lines", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_text_is_an_argument_error()
        => Assert.Throws<ArgumentNullException>(() => SignedCheckpoint.Parse(null!, out _));

    // A note that starts with its blank line has a blank line: it is refused for its empty body, not for a missing separator.
    [Fact]
    public void Note_that_starts_with_the_blank_line_is_refused_for_its_missing_body()
    {
        Assert.Null(SignedCheckpoint.Parse("\n\n\u2014 rekor.test " + Signature + "\n", out var error));
        Assert.Equal("the note has fewer than three lines (origin, tree size, root hash)", error);
    }

    // The only space after the em dash is its own separator: the line names nobody.
    [Fact]
    public void Signature_line_whose_only_space_follows_the_em_dash_is_refused_for_its_missing_name()
    {
        Assert.Null(SignedCheckpoint.Parse(Note(signatures: "\u2014  " + Signature + "\n"), out var error));
        Assert.Equal("a signature line has no name", error);
    }

    [Fact]
    public void Signature_of_a_single_byte_after_its_key_hint_is_read()
    {
        var blob = Convert.ToBase64String(new byte[] { 0xAA, 0xBB, 0xCC, 0xDD, 9 });
        var checkpoint = SignedCheckpoint.Parse(Note(signatures: "\u2014 rekor.test " + blob + "\n"), out var error);
        Assert.NotNull(checkpoint);
        Assert.Null(error);
        var (_, hint, signature) = Assert.Single(checkpoint.Signatures);
        Assert.Equal(new byte[] { 0xAA, 0xBB, 0xCC, 0xDD }, hint);
        Assert.Equal(new byte[] { 9 }, signature);
    }
}
