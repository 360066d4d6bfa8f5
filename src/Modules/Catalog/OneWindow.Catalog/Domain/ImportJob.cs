namespace OneWindow.Catalog.Domain;

/// <summary>
/// A CSV import (批量导入) running in the background. Its state lives in the database, not in memory, so any node can
/// run it and every node can show its progress; the uploaded text is kept only until the job finishes.
/// </summary>
public sealed class ImportJob
{
    public long Id { get; set; }

    /// <summary>queued → validating → importing → succeeded | failed.</summary>
    public string Status { get; set; } = ImportJobStatus.Queued;

    /// <summary>Shown on the job page.</summary>
    public string ActorName { get; set; } = "";

    /// <summary>What the audit entry names ("staff:12"): never a person's name in the audit log.</summary>
    public string ActorSubject { get; set; } = "";

    public long? ActorDepartmentId { get; set; }

    public bool ActorIsAdmin { get; set; }

    /// <summary>All rows go to this department when set (the rows' departmentKey is then ignored).</summary>
    public long? TargetDepartmentId { get; set; }

    /// <summary>Import as published version 1 (platform admins only) instead of drafts.</summary>
    public bool Publish { get; set; }

    public string FileName { get; set; } = "";

    public string Payload { get; set; } = "";

    public int TotalRows { get; set; }

    public int ValidatedRows { get; set; }

    public int ImportedRows { get; set; }

    public int ErrorCount { get; set; }

    /// <summary>The first errors as JSON [{row, column, message}], capped so a bad 100,000-row file stays readable.</summary>
    public string ErrorsJson { get; set; } = "[]";

    public string? Message { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public bool IsRunning => Status is ImportJobStatus.Queued or ImportJobStatus.Validating or ImportJobStatus.Importing;
}

public static class ImportJobStatus
{
    public const string Queued = "queued";
    public const string Validating = "validating";
    public const string Importing = "importing";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}
