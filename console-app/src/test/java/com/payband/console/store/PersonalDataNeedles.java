package com.payband.console.store;

import com.payband.console.TestCounter;
import com.payband.console.customer.NameNormaliser;
import com.payband.console.store.FolderScanner.Needle;
import com.payband.drivers.idcard.IdDocument;
import com.payband.drivers.idcard.ResidentIdCard;
import com.payband.drivers.idcard.TravelDocument;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a copied data folder must not reveal of a sample card's holder, for {@link FolderScanner}. */
public final class PersonalDataNeedles {

    /** Traditional-script forms, the only ones of these simplified-script texts Big5 can hold. */
    private static final Map<String, List<String>> TRADITIONAL = Map.of(
            "zhang-wei", List.of("張偉", "北京市東城區景山前街4號"),
            "ayigul", List.of("阿依古麗·買買提", "阿依古麗", "買買提", "新疆烏魯木齊市天山區解放南路100號"),
            "wang-fang-expired", List.of("上海市徐匯區漕溪北路201號"));

    private PersonalDataNeedles() {
    }

    /** Everything of the sample's document that identifies its holder, in the forms a program would write. */
    public static List<Needle> of(String sample) {
        IdDocument document = TestCounter.document(sample);
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put(document.fullName(), "full name");
        texts.putIfAbsent(NameNormaliser.normalise(document.fullName()), "name as indexed");
        for (String part : document.fullName().split("[\\s·]+")) {
            // a one-character part (张 of 张伟) is too short to tell from chance; the full name covers it
            if (part.codePointCount(0, part.length()) >= 2) {
                texts.putIfAbsent(part, "name part");
            }
        }
        if (document instanceof TravelDocument travel) {
            texts.putIfAbsent(travel.primaryIdentifier() + " " + travel.secondaryIdentifier(), "name, surname first");
            texts.putIfAbsent(travel.primaryIdentifier().replace(' ', '<') + "<<"
                    + travel.secondaryIdentifier().replace(' ', '<'), "name as in the MRZ");
        }
        texts.putIfAbsent(document.documentNumber(), "document number");
        if (document instanceof ResidentIdCard card) {
            texts.putIfAbsent(card.address(), "address");
        }
        texts.putIfAbsent(document.birthDate().format(DateTimeFormatter.BASIC_ISO_DATE), "birth date");
        texts.putIfAbsent(document.birthDate().format(DateTimeFormatter.ISO_LOCAL_DATE), "birth date");
        for (String traditional : TRADITIONAL.getOrDefault(sample, List.of())) {
            texts.putIfAbsent(traditional, "traditional script");
        }
        Set<Needle> needles = new LinkedHashSet<>();
        texts.forEach((text, what) -> needles.add(new Needle(sample + " " + what, text)));
        return List.copyOf(needles);
    }

}
