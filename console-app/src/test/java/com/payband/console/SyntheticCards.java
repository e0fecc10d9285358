package com.payband.console;

import com.payband.drivers.idcard.Nation;
import com.payband.drivers.idcard.Portrait;
import com.payband.drivers.idcard.ResidentIdCard;
import com.payband.drivers.idcard.Sex;
import com.payband.drivers.idcard.check.ResidentIdNumber;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/** Synthetic but valid resident ID cards, for tests and benchmarks that need many customers. */
public final class SyntheticCards {

    /** Common surnames, most frequent first; picked with Zipf-like weights as in the population. */
    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马",
        "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖",
        "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜",
        "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱",
        "江", "尹", "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严",
        "覃", "武", "戴", "莫", "孔", "向", "汤", "欧阳", "司马", "上官", "诸葛"};
    private static final String GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉梅晓东海波宁辉鹏"
            + "飞鑫斌宇浩凯健俊帆帅旭宁龙林欢阳佳琳雪琪颖婷慧莹倩晶蕾薇露瑶怡欣悦嘉琦妍雯洁萍燕玲丹珊雅文博鸿锋毅峰"
            + "子轩梓涵一诺依然雨泽思远天佑俊熙晨曦昊天子墨若汐可馨紫萱诗琪梦琪语嫣欣怡心怡浩然皓轩宇航家豪振国立新"
            + "春秋冬夏山川江河湖泉松柏竹兰菊荷莲云霖雷电星辰月日光明亮清正直信义仁礼智德才学成功荣华富贵安康";
    /** One name given to many customers: the worst case a counter meets (张伟 is China's most common name). */
    public static final String COMMON_NAME = "张伟";
    private static final int COMMON_EVERY = 2_500;

    private SyntheticCards() {
    }

    /** Zipf-like: the k-th surname is picked with weight 1/k. */
    private static String surname(Random random) {
        double total = 0;
        for (int k = 1; k <= SURNAMES.length; k++) {
            total += 1.0 / k;
        }
        double x = random.nextDouble() * total;
        for (int k = 1; k <= SURNAMES.length; k++) {
            x -= 1.0 / k;
            if (x <= 0) {
                return SURNAMES[k - 1];
            }
        }
        return SURNAMES[SURNAMES.length - 1];
    }

    /** A synthetic but valid card: unique ID number (region, birth date, sequence, check character). */
    public static ResidentIdCard resident(Random random, int i) {
        LocalDate birth = LocalDate.of(1950, 1, 1).plusDays(random.nextInt(365 * 55));
        Sex sex = random.nextBoolean() ? Sex.MALE : Sex.FEMALE;
        int region = 110101 + (i / 4000) % 900;
        int sequence = (i % 500) * 2 + (sex == Sex.MALE ? 1 : 0);
        String first17 = String.format(Locale.ROOT, "%06d%s%03d", region,
                birth.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE), sequence % 1000);
        String number = first17 + ResidentIdNumber.checkCharacterFor(first17);
        String name = i % COMMON_EVERY == 1 ? COMMON_NAME : surname(random) + GIVEN.charAt(random.nextInt(GIVEN.length()))
                + (random.nextInt(10) < 7 ? String.valueOf(GIVEN.charAt(random.nextInt(GIVEN.length()))) : "");
        LocalDate from = LocalDate.now().minusYears(2);
        byte[] wlt = new byte[1024];
        random.nextBytes(wlt);
        return new ResidentIdCard(name, sex, Nation.ofCode(1).orElseThrow(), birth, "北京市东城区某街道" + (i % 999) + "号",
                number, "北京市公安局东城分局", from, Optional.of(from.plusYears(20)), new Portrait(Portrait.Format.WLT, wlt), true);
    }
}
