"""Text utilities: a length-preserving normalisation, sentences, clauses, language.

Everything here keeps character offsets: the normalised copy has exactly the
length of the original, so an offset found in the copy indexes the original.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# Traditional -> simplified, one character to one character, limited to
# characters that occur in labour, platform and contract vocabulary.
# (A full converter such as OpenCC is not a dependency; this table covers the
# lexicon's vocabulary and the words around it.)
_TRADITIONAL = (
    "單處罰訂時間規內績勞動關係協議約業務據態營臺線點長隊門員評級數額費資報給發違紀懲獎減準標須應該強製統權離職簽證號"
    "車輛騎駕駛貨運輸遞們個體戶經濟獨專從將會對與為這來後開無沒樣實際還過進認說讓請補貼險養醫療傷裝備頭訓練試監視蹤擇"
    "選決轉機構臨穩續連總區場響達滿餘產價錢計則買賣負責損虧僱傭眾雙屬於種類場讀寫樂歡鐘週辦質務廳傳媒網絡絡腦電話聯繫"
    "條約據稱爭議裁判決據訴請確錄檔區縣鎮鄉術維修護環境態度獲優劣態績勵懲罰處險衛銷帳戶儲額賬幣銀寬鬆緊張調測預設處"
    "斷線戲劇藝術聲響當時間題問詢諮詢給與參與業績義舉闆闊歷壓頁顯示違規範圍圖幾層階廠嚴禁組織團隊準則標準認證審批裡麼"
    "門檻內勤務務覺驗遠遲閱雜難雖麥齊龍燈態灣獨狀況現環節節約簡繁隨價值億萬嗎喚啟嘗圓團壞壯夠夢奪奮婦媽嬰孫寧寶實審將"
    "尋導屆屍層歲峽島巖幣師帶幫廣廢彈彙徑從徵恆惡愛態慣憑憶懷戰戶撥擁擔據擴攝敗敘斂於昇暢曆書會樓標模檢權歐歸殘殼氣漲"
    "溫滅漢潔潛澤濃濕灑災為烏無煙熱爭牆牽猶獄獎環瑪產畢畫異瘋盡盤盧眾睜礎確穩窮競筆築箋節範紀純紗紙級紛紐紹終組結絕"
    "絲綁經綜綠維網緒線緣編緩練縮縱總績繩繫繳續纜罷羅習聞聯聰職聽脅脫腳腦腸臉臟藥蘇蘭處號虧蟲衝術衛補裝製複覆見規視覽"
    "覺親觀觸訂計討訓記訪設許訴診詞試詩該詳誇認誌誠誤說誰課調談請諸謀謝證識譯議護讀變讓豐貝負財貢貨販貪貫責貴貸費貼"
    "貿賀資賊賓賠賞賣質購賽贊趕趨跡踐躍軌軍軟較載輔輕輛輝輪輸轉轟辦辭農這連週進遊運過達違遙適遷選遺邊鄉鄭鄰醫釋針鈴"
    "銀銷鋪錄錢錯鍵鐘鐵長門閃閉開閒間閣閱闆隊階際陳陸陽隨險隱雖雙雜雞離難電靜項順須頒預頓領頻顆題額顧飛飯飲餐館饋駐驅"
    "驗驚體髮鬥鬧魚鳥鹽麗黃點齊齒們"
)
_SIMPLIFIED = (
    "单处罚订时间规内绩劳动关系协议约业务据态营台线点长队门员评级数额费资报给发违纪惩奖减准标须应该强制统权离职签证号"
    "车辆骑驾驶货运输递们个体户经济独专从将会对与为这来后开无没样实际还过进认说让请补贴险养医疗伤装备头训练试监视踪择"
    "选决转机构临稳续连总区场响达满余产价钱计则买卖负责损亏雇佣众双属于种类场读写乐欢钟周办质务厅传媒网络络脑电话联系"
    "条约据称争议裁判决据诉请确录档区县镇乡术维修护环境态度获优劣态绩励惩罚处险卫销帐户储额账币银宽松紧张调测预设处"
    "断线戏剧艺术声响当时间题问询咨询给与参与业绩义举板阔历压页显示违规范围图几层阶厂严禁组织团队准则标准认证审批里么"
    "门槛内勤务务觉验远迟阅杂难虽麦齐龙灯态湾独状况现环节节约简繁随价值亿万吗唤启尝圆团坏壮够梦夺奋妇妈婴孙宁宝实审将"
    "寻导届尸层岁峡岛岩币师带帮广废弹汇径从征恒恶爱态惯凭忆怀战户拨拥担据扩摄败叙敛于升畅历书会楼标模检权欧归残壳气涨"
    "温灭汉洁潜泽浓湿洒灾为乌无烟热争墙牵犹狱奖环玛产毕画异疯尽盘卢众睁础确稳穷竞笔筑笺节范纪纯纱纸级纷纽绍终组结绝"
    "丝绑经综绿维网绪线缘编缓练缩纵总绩绳系缴续缆罢罗习闻联聪职听胁脱脚脑肠脸脏药苏兰处号亏虫冲术卫补装制复覆见规视览"
    "觉亲观触订计讨训记访设许诉诊词试诗该详夸认志诚误说谁课调谈请诸谋谢证识译议护读变让丰贝负财贡货贩贪贯责贵贷费贴"
    "贸贺资贼宾赔赏卖质购赛赞赶趋迹践跃轨军软较载辅轻辆辉轮输转轰办辞农这连周进游运过达违遥适迁选遗边乡郑邻医释针铃"
    "银销铺录钱错键钟铁长门闪闭开闲间阁阅板队阶际陈陆阳随险隐虽双杂鸡离难电静项顺须颁预顿领频颗题额顾飞饭饮餐馆馈驻驱"
    "验惊体发斗闹鱼鸟盐丽黄点齐齿们"
)
assert len(_TRADITIONAL) == len(_SIMPLIFIED)

_TABLE: dict[int, int] = {ord(t): ord(s) for t, s in zip(_TRADITIONAL, _SIMPLIFIED) if t != s}
# Full-width ASCII (！ to ～) and the ideographic space map to their ASCII forms.
_TABLE.update({code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)})
_TABLE[0x3000] = 0x20
# ASCII letters are matched in lower case (patterns are lowered when compiled);
# str.lower() is not used because it can change the length of a text.
_TABLE.update({code: code + 32 for code in range(ord("A"), ord("Z") + 1)})

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# A sentence ends at Chinese or ASCII terminal punctuation, a line break, or a
# full stop followed by white space. A semicolon does not end it: a party's
# claim often runs over several "；" clauses. (Cue gaps still stop at "；".)
_SENTENCE_END = re.compile(r"[。！？!?\n]+|\.(?=\s)")


def normalise(text: str) -> str:
    """Return a copy of ``text`` for matching, of exactly the same length.

    Traditional characters become simplified ones, full-width ASCII becomes
    ASCII, ASCII letters become lower case; every character maps to exactly one character, so offsets found in
    the copy index the original text.
    """
    return text.translate(_TABLE)


def detect_language(text: str) -> str:
    """Return ``"zh"`` when Chinese characters dominate ``text``, else ``"en"``.

    One Chinese character counts as much as one English word of two or more
    letters; a text with neither is ``"en"``. Only the first 20,000
    characters are looked at.

    Examples
    --------
    >>> detect_language("骑手不得拒单")
    'zh'
    >>> detect_language("Drivers may decline trips.")
    'en'
    """
    if not isinstance(text, str):
        from features._errors import FeaturesTypeError

        raise FeaturesTypeError(
            f"detect_language expects a str; received {type(text).__name__}."
        )
    sample = text[:20_000]
    cjk = len(_CJK.findall(sample))
    words = len(_LATIN_WORD.findall(sample))
    return "zh" if cjk > words else "en"


def scripts_present(text: str) -> tuple[bool, bool]:
    """Return (has Chinese, has English) for choosing which lexicons to run."""
    has_zh = _CJK.search(text) is not None
    has_en = False
    count = 0
    for _ in _LATIN_WORD.finditer(text):
        count += 1
        if count >= 3:
            has_en = True
            break
    return has_zh, has_en


@dataclass
class Sentences:
    """Sentence boundaries of one text, computed once and looked up by offset."""

    ends: list[int]
    length: int
    max_length: int = 600

    @classmethod
    def of(cls, text: str) -> "Sentences":
        return cls([m.end() for m in _SENTENCE_END.finditer(text)], len(text))

    def around(self, start: int, end: int) -> tuple[int, int]:
        """Return (sentence_start, sentence_end) of the sentence holding [start, end).

        A sentence longer than ``max_length`` (a text without punctuation) is
        cut to a window around the match, so that look-ups stay bounded.
        """
        i = bisect.bisect_right(self.ends, start)
        s_start = self.ends[i - 1] if i > 0 else 0
        j = bisect.bisect_left(self.ends, end)
        s_end = self.ends[j] if j < len(self.ends) else self.length
        if s_end - s_start > self.max_length:
            half = self.max_length // 2
            s_start = max(s_start, start - half)
            s_end = min(s_end, max(end, start) + half)
        return s_start, s_end
