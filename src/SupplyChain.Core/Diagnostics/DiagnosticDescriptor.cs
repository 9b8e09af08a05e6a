using System.Globalization;

namespace SupplyChain.Core.Diagnostics;

/// <summary>
/// A diagnostic declared once in <see cref="DiagnosticCatalog"/>: its code, default severity and message format.
/// The band of the code is its default severity: hundreds 0-4 are errors, 5-9 warnings.
/// </summary>
public sealed class DiagnosticDescriptor
{
    /// <summary>Where the pages of the diagnostics live; each code has one page.</summary>
    public const string HelpLinkBase = "https://github.com/supplychain-sdk/supplychain-sdk/blob/main/docs/diagnostics/";

    internal DiagnosticDescriptor(string code, string identifier, DiagnosticSeverity defaultSeverity, string messageFormat)
    {
        Code = code;
        Identifier = identifier;
        DefaultSeverity = defaultSeverity;
        MessageFormat = messageFormat;
    }

    /// <summary>The code, <c>SCSDK</c> and four digits.</summary>
    public string Code { get; }

    /// <summary>The <c>Area_Description</c> name of the diagnostic.</summary>
    public string Identifier { get; }

    /// <summary>The severity the diagnostic has unless a mode changes it.</summary>
    public DiagnosticSeverity DefaultSeverity { get; }

    /// <summary>A composite format string with the arguments of the message.</summary>
    public string MessageFormat { get; }

    /// <summary>The link to the page that explains the diagnostic.</summary>
    public string HelpLink => HelpLinkBase + Code + ".md";

    /// <summary>Formats the message with its arguments.</summary>
    public string Format(params object?[] args) => string.Format(CultureInfo.InvariantCulture, MessageFormat, args);

    /// <inheritdoc />
    public override string ToString() => Code + " " + Identifier;
}
