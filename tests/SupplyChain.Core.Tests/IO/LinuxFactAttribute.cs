using System;

namespace SupplyChain.Core.Tests.IO;

/// <summary>A fact about file identities (statx), which exist on Linux only; elsewhere it is skipped with the reason.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "File identities (statx) exist on Linux only; elsewhere every file is verified every time.";
        }
    }
}

/// <summary>A theory about file identities (statx), which exist on Linux only; elsewhere it is skipped with the reason.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LinuxTheoryAttribute : TheoryAttribute
{
    public LinuxTheoryAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "File identities (statx) exist on Linux only; elsewhere every file is verified every time.";
        }
    }
}
