using System.Linq;
using Microsoft.Build.Framework;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Pinning;
using SupplyChain.Sdk.Infrastructure;

namespace SupplyChain.Sdk.Tasks;

/// <summary>
/// Records the NuGet configuration files a verification judged and their hashes (<see cref="RestoreConfigState"/>):
/// before the incremental check (the files of the list, as they are now) and after a verification (the files it chose).
/// </summary>
public sealed class RecordRestoreConfigState : SupplyChainTask
{
    /// <summary>The state file the incremental check compares.</summary>
    [Required]
    public string StatePath { get; set; } = string.Empty;

    /// <summary>The list of the files the last verification judged.</summary>
    public string? ListPath { get; set; }

    /// <summary>True after a verification: record <see cref="Files"/> (perhaps none) in the list; false to take the list's files.</summary>
    public bool AfterVerification { get; set; }

    /// <summary>The files the verification judged.</summary>
    public ITaskItem[]? Files { get; set; }

    /// <inheritdoc />
    protected override void ExecuteCore(IDiagnosticSink sink)
        => RestoreConfigState.Record(StatePath, Normalize(ListPath), AfterVerification ? (Files ?? []).Select(f => f.ItemSpec).ToArray() : null);
}
