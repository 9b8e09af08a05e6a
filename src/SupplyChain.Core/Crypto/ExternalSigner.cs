using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Crypto;

/// <summary>
/// Signs with a program instead of a key file (a KMS or HSM client, a hardware key): the program gets the bytes to
/// sign on standard input and writes the base64 signature (DER for ECDSA, RSASSA-PSS SHA-256 for RSA, 64 bytes for
/// Ed25519) on standard output. Every signature is verified against the signer's public key before it is used.
/// <para>
/// The command line is split into a program and its arguments without a shell: tokens are separated by whitespace;
/// double or single quotes group a token that contains spaces (the quotes are removed, there are no escapes). The
/// first token is the program, looked up on PATH unless it contains a directory separator, in which case a relative
/// path is relative to the working directory. Messages name the program only, never its arguments or standard output;
/// of its error output only the last line, unless that looks like key material.
/// </para>
/// </summary>
public sealed class ExternalSigner : ISigner
{
    /// <summary>The time a signature may take when none is given.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    // A signature is at most a few kilobytes of base64; more output than this is not a signature.
    private const int MaxOutputChars = 64 * 1024;
    private const int MaxErrorTailChars = 400;

    private readonly string _program;
    private readonly IReadOnlyList<string> _arguments;
    private readonly string _workingDirectory;

    /// <summary>Creates a signer.</summary>
    /// <param name="commandLine">The command (see the class remarks for how it is split).</param>
    /// <param name="publicKey">The public key of the key the command signs with.</param>
    /// <param name="timeout">How long one signature may take.</param>
    /// <param name="workingDirectory">Where the command runs; the current directory when null.</param>
    /// <exception cref="SupplyChainException">SCSDK3028 when the command cannot be split.</exception>
    public ExternalSigner(string commandLine, PublicKey publicKey, TimeSpan timeout, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        var tokens = SplitCommandLine(commandLine);
        _workingDirectory = string.IsNullOrEmpty(workingDirectory) ? Directory.GetCurrentDirectory() : workingDirectory;
        var program = tokens[0];
        if (!Path.IsPathRooted(program) && (program.Contains('/', StringComparison.Ordinal) || program.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            program = Path.GetFullPath(Path.Combine(_workingDirectory, program));
        }

        _program = program;
        ProgramName = tokens[0];
        _arguments = tokens.GetRange(1, tokens.Count - 1);
        PublicKey = publicKey;
        Timeout = timeout;
    }

    /// <inheritdoc />
    public string KeyId => PublicKey.KeyId;

    /// <inheritdoc />
    public PublicKey PublicKey { get; }

    /// <summary>The program as given (the first token), which is all that messages show of the command.</summary>
    public string ProgramName { get; }

    /// <summary>How long one signature may take.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Splits a command line into the program and its arguments (see the class remarks).</summary>
    /// <exception cref="SupplyChainException">SCSDK3028 for an empty command or an unclosed quote.</exception>
    public static List<string> SplitCommandLine(string commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var tokens = new List<string>();
        var current = new StringBuilder();
        var inToken = false;
        char? quote = null;
        foreach (var c in commandLine)
        {
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inToken = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inToken)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                    inToken = false;
                }
            }
            else
            {
                current.Append(c);
                inToken = true;
            }
        }

        if (quote is not null)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Signing_CommandInvalid, null, 0, $"a {(quote == '"' ? "double" : "single")} quote is not closed");
        }

        if (inToken)
        {
            tokens.Add(current.ToString());
        }

        if (tokens.Count == 0 || tokens[0].Length == 0)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Signing_CommandInvalid, null, 0, "it names no program");
        }

        return tokens;
    }

    /// <summary>Runs the command with <paramref name="data"/> on its standard input and returns the verified signature.</summary>
    /// <exception cref="SupplyChainException">
    /// SCSDK3029 the program cannot be started, SCSDK3030 it failed, SCSDK3031 it timed out, SCSDK3032 its output is
    /// not a signature by <see cref="PublicKey"/>.
    /// </exception>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        var start = new ProcessStartInfo(_program)
        {
            WorkingDirectory = _workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in _arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        var stopwatch = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is Win32Exception or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Signing_CommandNotStarted, null, 0, ProgramName, ex.Message);
        }

        var output = ReadBoundedAsync(process.StandardOutput, MaxOutputChars, keepTail: false);
        var error = ReadBoundedAsync(process.StandardError, MaxErrorTailChars, keepTail: true);
        var input = data.ToArray();
        var writer = Task.Run(() =>
        {
            try
            {
                process.StandardInput.BaseStream.Write(input, 0, input.Length);
                process.StandardInput.BaseStream.Flush();
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The program stopped reading (or never read); its exit code tells what happened.
            }
            catch (ObjectDisposedException)
            {
            }
        });

        // The program must exit, and close its output (a child it left running may hold it open), within the timeout.
        var exited = process.WaitForExit(Timeout);
        var remaining = Timeout - stopwatch.Elapsed;
        var finished = exited && Task.WaitAll(new Task[] { output, error }, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
        if (!finished)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited in the meantime.
            }

            throw SupplyChainException.Create(DiagnosticCatalog.Signing_CommandTimedOut, null, 0, ProgramName, (int)Math.Ceiling(Timeout.TotalSeconds));
        }

        writer.Wait(TimeSpan.FromSeconds(5));
        var (stdout, overflow) = output.GetAwaiter().GetResult();
        var (stderr, _) = error.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Signing_CommandFailed, null, 0, ProgramName, process.ExitCode, DescribeErrorOutput(stderr));
        }

        return ParseAndVerify(stdout, overflow, data);
    }

    private byte[] ParseAndVerify(string stdout, bool overflow, ReadOnlySpan<byte> data)
    {
        string? problem = null;
        byte[]? signature = null;
        var text = stdout.Trim();
        if (overflow)
        {
            problem = $"it wrote more than {MaxOutputChars} characters on standard output";
        }
        else if (text.Length == 0)
        {
            problem = "it wrote nothing on standard output";
        }
        else
        {
            signature = Base64Text.DecodeBase64(string.Concat(text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
            if (signature is null || signature.Length == 0)
            {
                problem = "its standard output is not base64";
            }
            else if (!PublicKey.Verify(data, signature))
            {
                var raw = PublicKey.Algorithm is KeyAlgorithm.EcdsaP256 or KeyAlgorithm.EcdsaP384
                    && signature.Length == 2 * ((PublicKey.KeySize + 7) / 8)
                    && PublicKey.Verify(data, signature, EcdsaSignatureEncoding.DerOrIeeeP1363);
                problem = raw
                    ? "the signature is a raw r||s ECDSA signature, but DER is required"
                    : "the signature does not verify with that public key (another key signed, or other bytes were signed)";
            }
        }

        if (problem is not null)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Signing_CommandSignatureInvalid, null, 0, ProgramName, PublicKey.KeyId, PublicKey.Algorithm.ToName(), problem);
        }

        return signature!;
    }

    // The last line of the error output helps the user (an access-denied message); anything that looks like key
    // material is not repeated.
    private static string DescribeErrorOutput(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0)
        {
            return string.Empty;
        }

        var last = lines[^1];
        if (last.Contains("PRIVATE KEY", StringComparison.OrdinalIgnoreCase) || last.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            return " (its error output is not shown: it looks like it holds key material)";
        }

        if (last.Length > 200)
        {
            last = last[..200] + "...";
        }

        return $" (its last error line: '{last.TrimEnd('.')}')";
    }

    // Reads a stream to its end, keeping at most maxChars (the start, or the tail); the rest is drained so that the
    // program never blocks on a full pipe.
    private static Task<(string Text, bool Overflow)> ReadBoundedAsync(StreamReader reader, int maxChars, bool keepTail)
        => Task.Run(async () =>
        {
            var text = new StringBuilder();
            var overflow = false;
            var buffer = new char[4096];
            int read;
            while ((read = await reader.ReadAsync(buffer.AsMemory()).ConfigureAwait(false)) > 0)
            {
                text.Append(buffer, 0, read);
                if (text.Length > maxChars)
                {
                    overflow = true;
                    if (keepTail)
                    {
                        text.Remove(0, text.Length - maxChars);
                    }
                    else
                    {
                        text.Length = maxChars;
                    }
                }
            }

            return (text.ToString(), overflow);
        });
}
