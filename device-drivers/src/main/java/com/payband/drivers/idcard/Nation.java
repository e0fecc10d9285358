package com.payband.drivers.idcard;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Ethnic group (民族) as a resident ID card records it: the 56 officially recognised groups with their
 * GB/T 3304-1991 codes, plus the two codes the standard adds for people outside them. A GA/T 467 reader
 * delivers only the two-digit code; the card prints the Chinese name.
 */
public enum Nation {
    HAN(1, "汉", "Han"),
    MONGOL(2, "蒙古", "Mongol"),
    HUI(3, "回", "Hui"),
    TIBETAN(4, "藏", "Tibetan"),
    UYGHUR(5, "维吾尔", "Uyghur"),
    MIAO(6, "苗", "Miao"),
    YI(7, "彝", "Yi"),
    ZHUANG(8, "壮", "Zhuang"),
    BOUYEI(9, "布依", "Bouyei"),
    KOREAN(10, "朝鲜", "Korean"),
    MANCHU(11, "满", "Manchu"),
    DONG(12, "侗", "Dong"),
    YAO(13, "瑶", "Yao"),
    BAI(14, "白", "Bai"),
    TUJIA(15, "土家", "Tujia"),
    HANI(16, "哈尼", "Hani"),
    KAZAKH(17, "哈萨克", "Kazakh"),
    DAI(18, "傣", "Dai"),
    LI(19, "黎", "Li"),
    LISU(20, "傈僳", "Lisu"),
    VA(21, "佤", "Va"),
    SHE(22, "畲", "She"),
    GAOSHAN(23, "高山", "Gaoshan"),
    LAHU(24, "拉祜", "Lahu"),
    SUI(25, "水", "Sui"),
    DONGXIANG(26, "东乡", "Dongxiang"),
    NAXI(27, "纳西", "Naxi"),
    JINGPO(28, "景颇", "Jingpo"),
    KYRGYZ(29, "柯尔克孜", "Kyrgyz"),
    TU(30, "土", "Tu"),
    DAUR(31, "达斡尔", "Daur"),
    MULAO(32, "仫佬", "Mulao"),
    QIANG(33, "羌", "Qiang"),
    BLANG(34, "布朗", "Blang"),
    SALAR(35, "撒拉", "Salar"),
    MAONAN(36, "毛南", "Maonan"),
    GELAO(37, "仡佬", "Gelao"),
    XIBE(38, "锡伯", "Xibe"),
    ACHANG(39, "阿昌", "Achang"),
    PUMI(40, "普米", "Pumi"),
    TAJIK(41, "塔吉克", "Tajik"),
    NU(42, "怒", "Nu"),
    UZBEK(43, "乌孜别克", "Uzbek"),
    RUSSIAN(44, "俄罗斯", "Russian"),
    EWENKI(45, "鄂温克", "Ewenki"),
    DEANG(46, "德昂", "De'ang"),
    BONAN(47, "保安", "Bonan"),
    YUGUR(48, "裕固", "Yugur"),
    GIN(49, "京", "Gin"),
    TATAR(50, "塔塔尔", "Tatar"),
    DERUNG(51, "独龙", "Derung"),
    OROQEN(52, "鄂伦春", "Oroqen"),
    HEZHEN(53, "赫哲", "Hezhen"),
    MONBA(54, "门巴", "Monba"),
    LHOBA(55, "珞巴", "Lhoba"),
    JINO(56, "基诺", "Jino"),
    /** Not (yet) assigned to a recognised group. */
    OTHER(97, "其他", "Other"),
    /** Naturalised Chinese citizens of foreign origin. */
    NATURALISED(98, "外国血统中国籍人士", "Naturalised citizen of foreign origin");

    private static final Map<Integer, Nation> BY_CODE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Nation::code, Function.identity()));

    private final int code;
    private final String chineseName;
    private final String englishName;

    Nation(int code, String chineseName, String englishName) {
        this.code = code;
        this.chineseName = chineseName;
        this.englishName = englishName;
    }

    /** The GB/T 3304 code, as the card's two-digit nation field holds it (1 for "01"). */
    public int code() {
        return code;
    }

    /** The name as printed on the card, without the trailing 族: "汉", "维吾尔". */
    public String chineseName() {
        return chineseName;
    }

    public String englishName() {
        return englishName;
    }

    public static Optional<Nation> ofCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}
