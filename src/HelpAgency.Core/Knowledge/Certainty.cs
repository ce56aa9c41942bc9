namespace HelpAgency.Core.Knowledge;

/// <summary>How sure a fact of the knowledge base is; an unverified one is told with a caveat and an offer of the assistant.</summary>
public enum Certainty
{
    /// <summary>Seen in a published source for the zone, Wuhan or Hubei.</summary>
    Verified,

    /// <summary>National rule or general practice, not checked against the zone's own guide.</summary>
    General,

    /// <summary>A local detail not verified: the answer says to follow the window's latest requirement.</summary>
    Unverified,
}
