"""What `diff`, `revision`, `reviews` and the review-date check say to the user, in both
languages, in one table (it can move into the locale files' message catalogue as is).

Keys are the same in both languages; a test keeps them so. Placeholders are
`str.format` fields; values from the YAML are made printable before they get here.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "zh-CN": {
        # errors (one line each, printed as `error: …`)
        "git_missing": "找不到 git 命令；请安装 git，或直接比较两个文件夹：handbook diff 旧文件夹 新文件夹",
        "not_git": "{where} 不在 git 仓库中；请指定两个要比较的文件夹，例如 handbook diff 旧版/ .",
        "unknown_revision": "未知的版本 '{rev}'（git 中没有这个提交、标签或分支）",
        "bad_revision": "版本 '{rev}' 不能以 '-' 开头",
        "no_previous": "没有标签，也没有上一个提交可供比较；请指定一个版本或文件夹",
        "no_handbook_at": "版本 {rev} 中没有 {path} 文件夹",
        "git_failed": "git 执行失败：{detail}",
        "does_not_load": "{where} 的手册无法加载：{count} 个错误，第一个是 {first}",
        "does_not_load_hint": "（运行 handbook check 查看全部）",
        "unknown_role": "没有 id 为 '{role}' 的岗位",
        "bad_today": "环境变量 HANDBOOK_TODAY 应为日期（YYYY-MM-DD），实际为 '{value}'",
        "bad_date": "应为日期（YYYY-MM-DD），实际为 '{value}'",
        # revision
        "nothing_to_record": "{old} 与 {new} 之间没有需要记录的变更；未写入任何内容",
        "version_exists": "修订记录中已有版本 {version} 的条目（提示：先修改 company.yml 中的 version，或用 --version 指定新版本号）",
        "revisions_not_list": "handbook/company.yml 中的 revisions 不是列表，无法追加修订记录",
        "draft_invalid": "追加的修订记录无法通过检查：{first}；company.yml 未修改",
        "recorded": "已在 {path} 的修订记录中追加版本 {version}（{count} 条变更），请编辑后提交",
        "dry_run": "（试运行：未写入 {path}）",
        # review dates: the check's warnings
        "review_passed": "复核日期 {date} 已过 {days} 天",
        "review_today": "复核日期 {date} 就是今天",
        "review_soon": "复核日期 {date} 将在 {days} 天后到期",
        "review_owner": "复核负责人：{owner}",
        "review_owner_sep": "；",
        "review_hint": "复核后把 review_by 改为下一次复核日期",
        # reviews: the listing
        "reviews_header": "复核计划（今天 {today}，提前 {window} 天提醒）：{count} 项到期",
        "reviews_header_all": "复核计划（今天 {today}，提前 {window} 天提醒）：共 {count} 项，{due} 项到期",
        "reviews_none": "没有到期的复核（今天 {today}，提前 {window} 天提醒）",
        "reviews_no_owner": "未指定复核负责人",
        "reviews_overdue": "已过期 {days} 天",
        "reviews_due_today": "今天到期",
        "reviews_due_in": "{days} 天后到期",
        "reviews_later": "{days} 天后",
    },
    "en": {
        "git_missing": "git is not installed; install it, or compare two folders: handbook diff OLD-FOLDER NEW-FOLDER",
        "not_git": "{where} is not in a git repository; name the two folders to compare, e.g. handbook diff old/ .",
        "unknown_revision": "unknown revision '{rev}' (no commit, tag or branch of that name in git)",
        "bad_revision": "a revision cannot start with '-': '{rev}'",
        "no_previous": "there is no tag and no previous commit to compare with; name a revision or a folder",
        "no_handbook_at": "there is no {path} folder at revision {rev}",
        "git_failed": "git failed: {detail}",
        "does_not_load": "the handbook at {where} does not load: {count} error(s), the first: {first}",
        "does_not_load_hint": " (run handbook check to see them all)",
        "unknown_role": "there is no role with id '{role}'",
        "bad_today": "the environment variable HANDBOOK_TODAY must be a date (YYYY-MM-DD), found '{value}'",
        "bad_date": "expected a date (YYYY-MM-DD), found '{value}'",
        "nothing_to_record": "nothing to record between {old} and {new}; nothing was written",
        "version_exists": "the revision history already has an entry for version {version} (hint: change version "
                          "in company.yml first, or give the new one with --version)",
        "revisions_not_list": "revisions in handbook/company.yml is not a list; cannot append to it",
        "draft_invalid": "the drafted revision entry does not pass the check: {first}; company.yml was left as it was",
        "recorded": "appended version {version} ({count} change(s)) to the revision history in {path}; "
                    "edit it, then commit",
        "dry_run": "(dry run: {path} was not written)",
        "review_passed": "review date {date} has passed ({days} day(s) ago)",
        "review_today": "review date {date} is today",
        "review_soon": "review date {date} is in {days} day(s)",
        "review_owner": "review owner: {owner}",
        "review_owner_sep": "; ",
        "review_hint": "review it, then set review_by to the next review date",
        "reviews_header": "Reviews (today {today}, {window} days' notice): {count} due",
        "reviews_header_all": "Reviews (today {today}, {window} days' notice): {count} in all, {due} due",
        "reviews_none": "No review is due (today {today}, {window} days' notice)",
        "reviews_no_owner": "No review owner",
        "reviews_overdue": "{days} day(s) overdue",
        "reviews_due_today": "due today",
        "reviews_due_in": "due in {days} day(s)",
        "reviews_later": "in {days} day(s)",
    },
}

DEFAULT = "zh-CN"


def message(locale: str, key: str, **values) -> str:
    table = MESSAGES.get(locale, MESSAGES[DEFAULT])
    return table[key].format(**values)


class Messages:
    """`say(key, **values)` in one language."""

    def __init__(self, locale: str = DEFAULT):
        self.locale = locale if locale in MESSAGES else DEFAULT

    def __call__(self, key: str, **values) -> str:
        return message(self.locale, key, **values)


class DiffError(Exception):
    """A user's situation the command cannot go on from (unknown revision, a side that does not
    load): one line, printed as `error: …`, exit 1. Not a bug."""
