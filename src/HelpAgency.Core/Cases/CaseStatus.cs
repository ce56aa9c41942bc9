namespace HelpAgency.Core.Cases;

/// <summary>The life of a case after the application (委托受理) is accepted.</summary>
public enum CaseStatus
{
    /// <summary>已受理, assigned, plan made, no item has moved yet.</summary>
    Accepted,

    /// <summary>帮办中: at least one item has moved.</summary>
    InProgress,

    /// <summary>已归档: every item done, certificates listed.</summary>
    Archived,

    /// <summary>已终止: the project could not go on, or the unit ended the service.</summary>
    Terminated,
}

public static class CaseStatusRules
{
    public static bool IsClosed(this CaseStatus status) => status is CaseStatus.Archived or CaseStatus.Terminated;
}
