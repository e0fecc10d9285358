package com.payband.drivers.idcard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NationTest {

    /** GB/T 3304-1991, typed from the standard's table independently of the enum. */
    private static final String GB_T_3304 = "01 汉 02 蒙古 03 回 04 藏 05 维吾尔 06 苗 07 彝 08 壮 09 布依 10 朝鲜 "
            + "11 满 12 侗 13 瑶 14 白 15 土家 16 哈尼 17 哈萨克 18 傣 19 黎 20 傈僳 21 佤 22 畲 23 高山 24 拉祜 "
            + "25 水 26 东乡 27 纳西 28 景颇 29 柯尔克孜 30 土 31 达斡尔 32 仫佬 33 羌 34 布朗 35 撒拉 36 毛南 "
            + "37 仡佬 38 锡伯 39 阿昌 40 普米 41 塔吉克 42 怒 43 乌孜别克 44 俄罗斯 45 鄂温克 46 德昂 47 保安 "
            + "48 裕固 49 京 50 塔塔尔 51 独龙 52 鄂伦春 53 赫哲 54 门巴 55 珞巴 56 基诺 97 其他 98 外国血统中国籍人士";

    @Test
    void everyCodeCarriesTheNameTheStandardGivesIt() {
        String[] tokens = GB_T_3304.split(" ");
        Map<Integer, String> standard = new LinkedHashMap<>();
        for (int i = 0; i < tokens.length; i += 2) {
            standard.put(Integer.parseInt(tokens[i]), tokens[i + 1]);
        }
        Map<Integer, String> ours = Arrays.stream(Nation.values())
                .collect(Collectors.toMap(Nation::code, Nation::chineseName, (a, b) -> a, LinkedHashMap::new));

        assertThat(ours).containsExactlyEntriesOf(standard);
    }

    @Test
    void fiftySixGroupsPlusTwoCodesAllDistinct() {
        Set<Integer> codes = Arrays.stream(Nation.values()).map(Nation::code).collect(Collectors.toSet());

        assertThat(Nation.values()).hasSize(56 + 2);
        assertThat(codes).hasSize(Nation.values().length);
        assertThat(IntStream.rangeClosed(1, 56)).allMatch(code -> Nation.ofCode(code).isPresent());
    }

    @Test
    void looksUpByCode() {
        assertThat(Nation.ofCode(1)).contains(Nation.HAN);
        assertThat(Nation.ofCode(5)).contains(Nation.UYGHUR);
        assertThat(Nation.ofCode(29)).contains(Nation.KYRGYZ);
        assertThat(Nation.ofCode(56)).contains(Nation.JINO);
        assertThat(Nation.ofCode(97)).contains(Nation.OTHER);
        assertThat(Nation.ofCode(98)).contains(Nation.NATURALISED);
        assertThat(Nation.ofCode(0)).isEmpty();
        assertThat(Nation.ofCode(57)).isEmpty();
        assertThat(Nation.ofCode(99)).isEmpty();
    }

    @Test
    void namesAsPrintedAndInEnglish() {
        assertThat(Nation.HAN.chineseName()).isEqualTo("汉");
        assertThat(Nation.HAN.englishName()).isEqualTo("Han");
        assertThat(Nation.UYGHUR.chineseName()).isEqualTo("维吾尔");
        assertThat(Nation.UYGHUR.englishName()).isEqualTo("Uyghur");
        assertThat(Nation.values()).allSatisfy(n -> assertThat(n.englishName()).isNotBlank().isASCII());
    }
}
