using HelpAgency.Core.Recognition;
using HelpAgency.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace HelpAgency.Tests.Recognition;

/// <summary>The shipped recognition content of dialogs/, trained once for a test class, with a fixed clock.</summary>
public sealed class RecognizerFixture
{
    /// <summary>Wednesday 25 November 2026, 09:00 in China.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(8));

    public RecognizerFixture()
    {
        Content = RecognitionContent.Load(RepositoryRoot.Dialogs);
        Recognizer = new IntentRecognizer(Content, new FakeTimeProvider(Now));
    }

    public RecognitionContent Content { get; }

    public IntentRecognizer Recognizer { get; }
}
