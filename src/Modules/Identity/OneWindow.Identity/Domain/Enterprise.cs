namespace OneWindow.Identity.Domain;

/// <summary>法人 — an enterprise or other organization, identified by its 统一社会信用代码 (GB 32100-2015).</summary>
public sealed class Enterprise
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public required string CreditCode { get; set; }

    /// <summary>法定代表人姓名.</summary>
    public required string LegalRepresentativeName { get; set; }

    /// <summary>True when a platform admin accepted a code whose check character does not compute (real codes like
    /// 91350203M0001QAY9B exist); <see cref="OverrideReason"/> says why.</summary>
    public bool ChecksumOverride { get; set; }

    public string? OverrideReason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
