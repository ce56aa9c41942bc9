namespace HelpAgency.Core.Persistence;

/// <summary>
/// A unit of work begun for reading was asked to write. Nothing was written: the database refused the
/// statement before it ran, so the caller can do the work again in a writing unit.
/// </summary>
public sealed class WriteRefusedException(string message, Exception? innerException = null)
    : InvalidOperationException(message, innerException);
