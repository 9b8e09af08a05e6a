using System;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using System.Text;

namespace SupplyChain.TestUtilities;

/// <summary>
/// Writes a small, real net8.0 assembly in-process: one public static class <c>{AssemblyName}.Api</c> with a
/// static <c>Greeting()</c> method returning a string. It references only System.Runtime 8.0, so net8.0 and later
/// consumers compile against it. Deterministic: the same inputs give the same bytes.
/// </summary>
public static class TestAssemblyBuilder
{
    private static readonly byte[] s_systemRuntimePublicKeyToken = { 0xb0, 0x3f, 0x5f, 0x7f, 0x11, 0xd5, 0x0a, 0x3a };

    public static byte[] Build(string assemblyName, string greeting, Version? version = null)
    {
        var metadata = new MetadataBuilder();
        var mvid = new Guid(MD5.HashData(Encoding.UTF8.GetBytes(assemblyName + "|" + greeting + "|" + version)));
        metadata.AddModule(0, metadata.GetOrAddString(assemblyName + ".dll"), metadata.GetOrAddGuid(mvid), default, default);
        metadata.AddAssembly(metadata.GetOrAddString(assemblyName), version ?? new Version(1, 0, 0, 0), default, default, default, AssemblyHashAlgorithm.Sha1);
        var systemRuntime = metadata.AddAssemblyReference(
            metadata.GetOrAddString("System.Runtime"), new Version(8, 0, 0, 0), default, metadata.GetOrAddBlob(s_systemRuntimePublicKeyToken), default, default);
        var objectType = metadata.AddTypeReference(systemRuntime, metadata.GetOrAddString("System"), metadata.GetOrAddString("Object"));

        var signature = new BlobBuilder();
        new BlobEncoder(signature).MethodSignature().Parameters(0, returnType => returnType.Type().String(), _ => { });
        var code = new InstructionEncoder(new BlobBuilder());
        code.LoadString(metadata.GetOrAddUserString(greeting));
        code.OpCode(ILOpCode.Ret);
        var il = new BlobBuilder();
        var bodyOffset = new MethodBodyStreamEncoder(il).AddMethodBody(code);
        var method = metadata.AddMethodDefinition(
            MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig,
            MethodImplAttributes.IL,
            metadata.GetOrAddString("Greeting"),
            metadata.GetOrAddBlob(signature),
            bodyOffset,
            MetadataTokens.ParameterHandle(1));

        metadata.AddTypeDefinition(default, default, metadata.GetOrAddString("<Module>"), default, MetadataTokens.FieldDefinitionHandle(1), method);
        metadata.AddTypeDefinition(
            TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.Class | TypeAttributes.BeforeFieldInit,
            metadata.GetOrAddString(assemblyName),
            metadata.GetOrAddString("Api"),
            objectType,
            MetadataTokens.FieldDefinitionHandle(1),
            method);

        var pe = new ManagedPEBuilder(
            new PEHeaderBuilder(imageCharacteristics: Characteristics.Dll | Characteristics.ExecutableImage),
            new MetadataRootBuilder(metadata),
            il,
            flags: CorFlags.ILOnly,
            deterministicIdProvider: content =>
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                foreach (var blob in content)
                {
                    hash.AppendData(blob.GetBytes().ToArray());
                }

                return BlobContentId.FromHash(hash.GetHashAndReset());
            });
        var output = new BlobBuilder();
        pe.Serialize(output);
        return output.ToArray();
    }
}
