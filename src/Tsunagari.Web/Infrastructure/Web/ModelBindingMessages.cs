using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Tsunagari.Web.Infrastructure.Web;

/// <summary>Japanese messages for values that cannot be bound at all (a letter in a number field and the like).</summary>
public static class ModelBindingMessages
{
    public static void UseJapaneseMessages(this DefaultModelBindingMessageProvider messages)
    {
        messages.SetAttemptedValueIsInvalidAccessor((value, field) => $"「{value}」は{field}として正しくありません。");
        messages.SetMissingBindRequiredValueAccessor(field => $"{field}を入力してください。");
        messages.SetMissingKeyOrValueAccessor(() => "値を入力してください。");
        messages.SetMissingRequestBodyRequiredValueAccessor(() => "送信された内容が空です。");
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"「{value}」は正しい値ではありません。");
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => "正しい値ではありません。");
        messages.SetUnknownValueIsInvalidAccessor(field => $"{field}の値が正しくありません。");
        messages.SetValueIsInvalidAccessor(value => $"「{value}」は正しい値ではありません。");
        messages.SetValueMustBeANumberAccessor(field => $"{field}は数字で入力してください。");
        messages.SetValueMustNotBeNullAccessor(field => $"{field}を入力してください。");
        messages.SetNonPropertyValueMustBeANumberAccessor(() => "数字で入力してください。");
    }
}
