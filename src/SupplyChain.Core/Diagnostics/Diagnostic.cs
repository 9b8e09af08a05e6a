namespace SupplyChain.Core.Diagnostics;

/// <summary>One finding: a catalog entry with its formatted message, its severity and where it applies.</summary>
/// <param name="Descriptor">The catalog entry.</param>
/// <param name="Severity">The severity reported, which a mode may have changed from the default.</param>
/// <param name="Message">The formatted message (credentials of URLs in it are redacted).</param>
/// <param name="File">The file the finding is about, as given by the caller, or null.</param>
/// <param name="Line">The 1-based line in <paramref name="File"/>, or 0 when not known.</param>
/// <param name="Column">The 1-based column, or 0 when not known.</param>
public sealed record Diagnostic(
    DiagnosticDescriptor Descriptor,
    DiagnosticSeverity Severity,
    string Message,
    string? File = null,
    int Line = 0,
    int Column = 0)
{
    private readonly string _message = SecretRedactor.RedactUrls(Message)!;
    private readonly string? _file = SecretRedactor.RedactUrls(File);

    /// <summary>The formatted message; credentials of URLs in it are redacted (<see cref="SecretRedactor"/>).</summary>
    public string Message { get => _message; init => _message = SecretRedactor.RedactUrls(value)!; }

    /// <summary>The file the finding is about, or null; a URL's credentials are redacted.</summary>
    public string? File { get => _file; init => _file = SecretRedactor.RedactUrls(value); }

    /// <summary>The code of the finding.</summary>
    public string Code => Descriptor.Code;

    /// <summary>Creates a finding with the descriptor's default severity.</summary>
    public static Diagnostic Create(DiagnosticDescriptor descriptor, string? file, int line, params object?[] args)
        => new(descriptor, descriptor.DefaultSeverity, descriptor.Format(args), file, line);

    /// <summary>Returns the same finding with another severity.</summary>
    public Diagnostic WithSeverity(DiagnosticSeverity severity) => this with { Severity = severity };

    /// <summary>The MSBuild canonical form, <c>file(line,col): error CODE: message</c>, that CI annotators parse.</summary>
    public string ToCanonicalString()
    {
        var origin = File is null ? "supplychain" : Line > 0 ? (Column > 0 ? $"{File}({Line},{Column})" : $"{File}({Line})") : File;
        var kind = Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "info",
        };
        return $"{origin}: {kind} {Code}: {Message}";
    }
}
