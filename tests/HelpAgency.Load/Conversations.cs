using System.Globalization;

namespace HelpAgency.Load;

/// <summary>
/// What the simulated enterprise contacts type: the four questions, a bare topic, and the whole application
/// form up to the 委托 terms agreed to (which opens a case and pushes a task card to an assistant), one user after another.
/// </summary>
public static class Conversations
{
    private static readonly string[] Script =
    [
        "你好",
        "我要办哪些手续",
        "4",
        "施工许可证需要什么材料",
        "有问题找谁",
        "我想申请帮办代办服务",
        "光谷新材料产业园{0}期",
        "武汉光谷新材料有限公司",
        "91420100MA4K8LT2XN",
        "王五",
        "13912345678",
        "3",
        "光谷生物城",
        "800万",
        "3000平方米",
        "12米",
        "厂房",
        "是",
        "是",
        "同意",
        "查进度",
        "我的帮办专员是谁",
        "建设工程规划许可证怎么办",
        "帮助",
        "谢谢",
    ];

    public static int Length => Script.Length;

    /// <summary>The text of turn <paramref name="turn"/> of a user's conversation.</summary>
    public static string Utterance(int turn, int conversation) =>
        string.Format(CultureInfo.InvariantCulture, Script[turn % Script.Length], conversation);
}
