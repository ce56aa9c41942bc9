using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using HelpAgency.Core.Projects;
using HelpAgency.Core.Staff;

namespace HelpAgency.Core.Cases;

/// <summary>
/// 《投资项目帮办代办服务申请表》 as collected in chat or posted by staff. <paramref name="Facts"/> are what the enterprise
/// said of the project (condition variables of dialogs/conditions.yaml: investment, floor_area, height, use); with no
/// <paramref name="ItemCodes"/> they decide which conditional items the plan holds. <paramref name="Agreement"/> is the
/// enterprise's confirmation of the 委托协议, without which no case opens; it is recorded in the ledger with the case.
/// <paramref name="NotDuplicateOf"/>: staff confirm that the project is not that of this open case, the one of the same unit
/// and project the application was refused for (see <see cref="CaseIntake.OpenCaseOfSameProjectAsync"/>).
/// <paramref name="AssistantId"/>: the assistant staff entering the application give the case (an assistant: only
/// themselves); none assigns it by the rule, as in chat.
/// </summary>
public sealed record ServiceApplication(
    string ProjectName,
    string UnitName,
    string CreditCode,
    string ProjectType,
    string Park,
    string ContactName,
    string ContactPhone,
    bool IsKeyProject = false,
    bool CommitsToStart = false,
    IReadOnlyCollection<string>? ItemCodes = null,
    string? ContactUserId = null,
    IReadOnlyDictionary<string, string>? Facts = null,
    AgreementConfirmation? Agreement = null,
    long? NotDuplicateOf = null,
    string? AssistantId = null);

/// <summary>How the enterprise confirmed the 委托协议 before its case opened: in chat, or on the signed paper application form.</summary>
public abstract record AgreementConfirmation;

/// <summary>The contact agreed in chat to the terms (<paramref name="Terms"/>, as shown to them) at <paramref name="At"/>.</summary>
public sealed record AgreedInChat(DateTimeOffset At, string Terms) : AgreementConfirmation
{
    /// <summary>The replies.yaml template holding the terms as the contact is shown them.</summary>
    public const string TermsTemplate = "apply_agreement";
}

/// <summary>
/// The enterprise's 项目经办人 <paramref name="SignedBy"/> signed the paper 《投资项目帮办代办服务申请表》 on
/// <paramref name="SignedOn"/> (China time), the seed's own instrument of 委托; staff enter the application from it.
/// </summary>
public sealed record SignedOnPaper(DateOnly SignedOn, string SignedBy) : AgreementConfirmation;

public sealed record VisitRequest(VisitKind Kind, DateTimeOffset StartsAt, string Place, string Topic, string Phone, long? ProjectId = null);

public sealed record NewContact(string UserId, string Name, string Phone);

public sealed record MaterialFinding(string Material, MaterialResult Result, string? Note = null);

/// <summary>
/// A coordination meeting to call. <paramref name="Participants"/> are the department representatives (user ids or
/// staff names); the case's assistant, the supervisors and, when <paramref name="IncludeContact"/>, the project's
/// contacts are added to the meeting's group.
/// </summary>
public sealed record MeetingRequest(string Topic, DateTimeOffset StartsAt, string Place, IReadOnlyList<string> Participants, string? Agenda, long? IssueId = null, bool IncludeContact = false);

public sealed record ActionRequest(string Description, string OwnerId, DateOnly DueDate);

/// <summary>A case with everything about it that its readers may see.</summary>
public sealed record CaseDetails(
    ServiceCase Case,
    Project Project,
    IReadOnlyList<ProjectContact> Contacts,
    IReadOnlyList<CaseItem> Items,
    IReadOnlyList<MaterialCheck> Checks,
    IReadOnlyList<CoordinationIssue> Issues,
    IReadOnlyList<Meeting> Meetings,
    IReadOnlyList<CaseEvaluation> Evaluations);

/// <summary>What a progress answer (查进度) is made of: a case, its project, its items, its coordination issues and its assistant.</summary>
public sealed record CaseProgressDetails(ServiceCase Case, Project Project, IReadOnlyList<CaseItem> Items, IReadOnlyList<CoordinationIssue> Issues, StaffMember? Assistant);

/// <summary>What an item update did: the pushes issue turns it into messages.</summary>
public sealed record ItemChange(ServiceCase Case, CaseItem Before, CaseItem After, string? CompletedStage);

public sealed record PrecheckResult(bool Complete, IReadOnlyList<string> MissingRequired, IReadOnlyList<MaterialCheck> Checks, ItemChange? ItemChange);

/// <summary>How ledger details are written: compact JSON that keeps Chinese readable.</summary>
public static class LedgerJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}
