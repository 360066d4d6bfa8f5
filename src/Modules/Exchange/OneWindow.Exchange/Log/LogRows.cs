namespace OneWindow.Exchange.Log;

/// <summary>One exchange call as stored (exchange_log_entries). Written only by <see cref="GroupCommitLog"/>, never
/// updated except for <see cref="RootId"/>, which the sealer sets once. <see cref="LeafHash"/> is
/// <see cref="LogCanonical.LeafHash"/> of every other field and the subjects.</summary>
public sealed class LogEntryRow
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public string Consumer { get; set; } = "";

    public long ConsumerDepartmentId { get; set; }

    public long ProviderDepartmentId { get; set; }

    public string ResourceCode { get; set; } = "";

    public long? GrantId { get; set; }

    public string? Purpose { get; set; }

    public string? CaseNumber { get; set; }

    public string? LegalBasis { get; set; }

    /// <summary>The item keys returned, space-separated, in the order the call returned them.</summary>
    public string Items { get; set; } = "";

    public int Rows { get; set; }

    public string Outcome { get; set; } = "";

    public int DurationMs { get; set; }

    public string RequestId { get; set; } = "";

    /// <summary>SHA-256 (lower-case hex) of the canonical entry (<see cref="LogCanonical"/>).</summary>
    public string LeafHash { get; set; } = "";

    /// <summary>The signed root whose hash tree covers this entry; null until sealed.</summary>
    public long? RootId { get; set; }
}

/// <summary>A data subject an entry touched (exchange_log_subjects): the blind index only (<see cref="SubjectIndex"/>).</summary>
public sealed class LogSubjectRow
{
    public long EntryId { get; set; }

    public string SubjectIndex { get; set; } = "";
}

/// <summary>A signed root (exchange_log_roots): the Merkle root over the leaf hashes of the entries it covers (in id
/// order), chained to the previous root by that root's hash, signed with ECDSA P-256 (<see cref="LogRootText"/>).</summary>
public sealed class LogRootRow
{
    /// <summary>1, 2, 3, … without gaps: assigned by the sealer under its lock.</summary>
    public long Id { get; set; }

    public long FirstEntryId { get; set; }

    public long LastEntryId { get; set; }

    public int EntryCount { get; set; }

    public string MerkleRoot { get; set; } = "";

    /// <summary>The previous root's <see cref="RootHash"/> ("" for root 1).</summary>
    public string PreviousHash { get; set; } = "";

    /// <summary>SHA-256 of the canonical root text; the next root and the audit entry carry it.</summary>
    public string RootHash { get; set; } = "";

    public DateTimeOffset SignedAt { get; set; }

    /// <summary>ECDSA P-256 / SHA-256 signature (IEEE P1363 r||s, base64) over the canonical root text.</summary>
    public string Signature { get; set; } = "";

    public string KeyId { get; set; } = "";
}

/// <summary>A signing key of the log (exchange_log_keys): the public half in the clear (published), the private half
/// sealed under Exchange:KeyEncryptionKey, which is configured outside the database.</summary>
public sealed class LogKeyRow
{
    public string Id { get; set; } = "";

    public string Algorithm { get; set; } = "";

    /// <summary>SubjectPublicKeyInfo (DER).</summary>
    public byte[] PublicKey { get; set; } = [];

    /// <summary>PKCS#8 private key sealed with <see cref="OneWindow.Shared.Security.AtRestCipher"/>, bound to <see cref="Id"/>.</summary>
    public byte[] PrivateKeyCipher { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the key stopped signing (a newer key took over); it stays published for verification.</summary>
    public DateTimeOffset? RetiredAt { get; set; }
}
