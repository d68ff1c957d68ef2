"""Load Morocco's 12 regions and 75 provinces and prefectures (2015 division).

Facts copied from the cross-checked table the project was given (HCP codes and labels of the
RGPH 2024 census, OCHA COD-AB p-codes valid from 2023-09-25, regional capitals from Decree
2-15-40). HCP codes are text: their leading zeros matter. Regions 11 and 12 and six southern
provinces have no OCHA p-code (OCHA's Morocco COD-AB does not cover them): left empty on purpose.
English names are ASCII transliterations of the French ones, as OCHA writes its English labels.
"""

from django.db import migrations

# code, p-code, name_fr, name_ar, name_en, capital, latitude, longitude
REGIONS = [
    ('01', 'MA010', 'Tanger-Tétouan-Al Hoceima', 'طنجة-تطوان-الحسيمة', 'Tanger-Tetouan-Al Hoceima', 'Tanger', '35.7767', '-5.8039'),
    ('02', 'MA007', 'Oriental', 'الشرق', 'Oriental', 'Oujda', '34.6867', '-1.9114'),
    ('03', 'MA004', 'Fès-Meknès', 'فاس-مكناس', 'Fes-Meknes', 'Fès', '34.0433', '-5.0033'),
    ('04', 'MA008', 'Rabat-Salé-Kénitra', 'الرباط-سلا-القنيطرة', 'Rabat-Sale-Kenitra', 'Rabat', '34.0253', '-6.8361'),
    ('05', 'MA001', 'Béni Mellal-Khénifra', 'بني ملال-خنيفرة', 'Beni Mellal-Khenifra', 'Béni Mellal', '32.3394', '-6.3608'),
    ('06', 'MA002', 'Casablanca-Settat', 'الدار البيضاء-سطات', 'Casablanca-Settat', 'Casablanca', '33.5992', '-7.6200'),
    ('07', 'MA006', 'Marrakech-Safi', 'مراكش-آسفي', 'Marrakech-Safi', 'Marrakech', '31.6295', '-7.9811'),
    ('08', 'MA003', 'Drâa-Tafilalet', 'درعة-تافيلالت', 'Draa-Tafilalet', 'Errachidia', '31.9319', '-4.4244'),
    ('09', 'MA009', 'Souss-Massa', 'سوس-ماسة', 'Souss-Massa', 'Agadir', '30.4167', '-9.5833'),
    ('10', 'MA005', 'Guelmim-Oued Noun', 'كلميم-واد نون', 'Guelmim-Oued Noun', 'Guelmim', '28.9833', '-10.0667'),
    ('11', '', 'Laâyoune-Sakia El Hamra', 'العيون-الساقية الحمراء', 'Laayoune-Sakia El Hamra', 'Laâyoune', '27.1500', '-13.2000'),
    ('12', '', 'Dakhla-Oued Ed-Dahab', 'الداخلة-وادي الذهب', 'Dakhla-Oued Ed-Dahab', 'Dakhla', '23.7141', '-15.9368'),
]

# code, p-code, region code, name_fr, name_ar, name_en, kind
PROVINCES = [
    ('051', 'MA010001', '01', 'Al Hoceima', 'الحسيمة', 'Al Hoceima', 'province'),
    ('151', 'MA010002', '01', 'Chefchaouen', 'شفشاون', 'Chefchaouen', 'province'),
    ('227', 'MA010003', '01', 'Fahs-Anjra', 'الفحص-أنجرة', 'Fahs-Anjra', 'province'),
    ('331', 'MA010004', '01', 'Larache', 'العرائش', 'Larache', 'province'),
    ('405', 'MA010007', '01', 'Ouezzane', 'وزان', 'Ouezzane', 'province'),
    ('511', 'MA010006', '01', 'Tanger-Assilah', 'طنجة-أصيلة', 'Tanger-Assilah', 'prefecture'),
    ('571', 'MA010008', '01', 'Tétouan', 'تطوان', 'Tetouan', 'province'),
    ('573', 'MA010005', '01', "M'diq-Fnideq", 'المضيق-الفنيدق', "M'diq-Fnideq", 'prefecture'),
    ('113', 'MA007002', '02', 'Berkane', 'بركان', 'Berkane', 'province'),
    ('167', 'MA007003', '02', 'Driouch', 'الدريوش', 'Driouch', 'province'),
    ('251', 'MA007004', '02', 'Figuig', 'فجيج', 'Figuig', 'province'),
    ('265', 'MA007005', '02', 'Guercif', 'جرسيف', 'Guercif', 'province'),
    ('275', 'MA007006', '02', 'Jerada', 'جرادة', 'Jerada', 'province'),
    ('381', 'MA007007', '02', 'Nador', 'الناضور', 'Nador', 'province'),
    ('411', 'MA007001', '02', 'Oujda-Angad', 'وجدة-أنجاد', 'Oujda-Angad', 'prefecture'),
    ('533', 'MA007008', '02', 'Taourirt', 'تاوريرت', 'Taourirt', 'province'),
    ('061', 'MA004002', '03', 'Meknès', 'مكناس', 'Meknes', 'prefecture'),
    ('131', 'MA004005', '03', 'Boulemane', 'بولمان', 'Boulemane', 'province'),
    ('171', 'MA004003', '03', 'El Hajeb', 'الحاجب', 'El Hajeb', 'province'),
    ('231', 'MA004001', '03', 'Fès', 'فاس', 'Fes', 'prefecture'),
    ('271', 'MA004004', '03', 'Ifrane', 'إفران', 'Ifrane', 'province'),
    ('451', 'MA004007', '03', 'Sefrou', 'صفرو', 'Sefrou', 'province'),
    ('531', 'MA004008', '03', 'Taounate', 'تاونات', 'Taounate', 'province'),
    ('561', 'MA004009', '03', 'Taza', 'تازة', 'Taza', 'province'),
    ('591', 'MA004006', '03', 'Moulay Yacoub', 'مولاي يعقوب', 'Moulay Yacoub', 'province'),
    ('281', 'MA008004', '04', 'Kénitra', 'القنيطرة', 'Kenitra', 'province'),
    ('291', 'MA008005', '04', 'Khémisset', 'الخميسات', 'Khemisset', 'province'),
    ('421', 'MA008002', '04', 'Rabat', 'الرباط', 'Rabat', 'prefecture'),
    ('441', 'MA008003', '04', 'Salé', 'سلا', 'Sale', 'prefecture'),
    ('481', 'MA008006', '04', 'Sidi Kacem', 'سيدي قاسم', 'Sidi Kacem', 'province'),
    ('491', 'MA008007', '04', 'Sidi Slimane', 'سيدي سليمان', 'Sidi Slimane', 'province'),
    ('501', 'MA008001', '04', 'Skhirate-Témara', 'الصخيرات-تمارة', 'Skhirate-Temara', 'prefecture'),
    ('081', 'MA001001', '05', 'Azilal', 'أزيلال', 'Azilal', 'province'),
    ('091', 'MA001002', '05', 'Béni Mellal', 'بني ملال', 'Beni Mellal', 'province'),
    ('255', 'MA001003', '05', 'Fquih Ben Salah', 'الفقيه بن صالح', 'Fquih Ben Salah', 'province'),
    ('301', 'MA001004', '05', 'Khénifra', 'خنيفرة', 'Khenifra', 'province'),
    ('311', 'MA001005', '05', 'Khouribga', 'خريبكة', 'Khouribga', 'province'),
    ('111', 'MA002007', '06', 'Benslimane', 'بنسليمان', 'Benslimane', 'province'),
    ('117', 'MA002001', '06', 'Berrechid', 'برشيد', 'Berrechid', 'province'),
    ('141', 'MA002005', '06', 'Casablanca', 'الدار البيضاء', 'Casablanca', 'prefecture'),
    ('181', 'MA002002', '06', 'El Jadida', 'الجديدة', 'El Jadida', 'province'),
    ('355', 'MA002003', '06', 'Médiouna', 'مديونة', 'Mediouna', 'province'),
    ('371', 'MA002006', '06', 'Mohammadia', 'المحمدية', 'Mohammadia', 'prefecture'),
    ('385', 'MA002004', '06', 'Nouaceur', 'النواصر', 'Nouaceur', 'province'),
    ('461', 'MA002009', '06', 'Settat', 'سطات', 'Settat', 'province'),
    ('467', 'MA002008', '06', 'Sidi Bennour', 'سيدي بنور', 'Sidi Bennour', 'province'),
    ('041', 'MA006001', '07', 'Al Haouz', 'الحوز', 'Al Haouz', 'province'),
    ('161', 'MA006002', '07', 'Chichaoua', 'شيشاوة', 'Chichaoua', 'province'),
    ('191', 'MA006005', '07', 'El Kelâa des Sraghna', 'قلعة السراغنة', 'El Kelaa des Sraghna', 'province'),
    ('211', 'MA006003', '07', 'Essaouira', 'الصويرة', 'Essaouira', 'province'),
    ('351', 'MA006004', '07', 'Marrakech', 'مراكش', 'Marrakech', 'prefecture'),
    ('427', 'MA006008', '07', 'Rehamna', 'الرحامنة', 'Rehamna', 'province'),
    ('431', 'MA006006', '07', 'Safi', 'آسفي', 'Safi', 'province'),
    ('585', 'MA006007', '07', 'Youssoufia', 'اليوسفية', 'Youssoufia', 'province'),
    ('201', 'MA003002', '08', 'Errachidia', 'الرشيدية', 'Errachidia', 'province'),
    ('363', 'MA003003', '08', 'Midelt', 'ميدلت', 'Midelt', 'province'),
    ('401', 'MA003001', '08', 'Ouarzazate', 'ورزازات', 'Ouarzazate', 'province'),
    ('577', 'MA003004', '08', 'Tinghir', 'تنغير', 'Tinghir', 'province'),
    ('587', 'MA003005', '08', 'Zagora', 'زاكورة', 'Zagora', 'province'),
    ('001', 'MA009001', '09', 'Agadir-Ida-Ou-Tanane', 'أكادير-إدا وتنان', 'Agadir-Ida-Ou-Tanane', 'prefecture'),
    ('163', 'MA009002', '09', 'Chtouka-Aït Baha', 'اشتوكة-آيت باها', 'Chtouka-Ait Baha', 'province'),
    ('273', 'MA009003', '09', 'Inezgane-Aït Melloul', 'إنزكان-آيت ملول', 'Inezgane-Ait Melloul', 'prefecture'),
    ('541', 'MA009004', '09', 'Taroudannt', 'تارودانت', 'Taroudannt', 'province'),
    ('551', 'MA009005', '09', 'Tata', 'طاطا', 'Tata', 'province'),
    ('581', 'MA009006', '09', 'Tiznit', 'تيزنيت', 'Tiznit', 'province'),
    ('071', 'MA005001', '10', 'Assa-Zag', 'آسا-الزاك', 'Assa-Zag', 'province'),
    ('261', 'MA005002', '10', 'Guelmim', 'كلميم', 'Guelmim', 'province'),
    ('473', 'MA005004', '10', 'Sidi Ifni', 'سيدي إفني', 'Sidi Ifni', 'province'),
    ('521', 'MA005003', '10', 'Tan-Tan', 'طانطان', 'Tan-Tan', 'province'),
    ('121', '', '11', 'Boujdour', 'بوجدور', 'Boujdour', 'province'),
    ('221', '', '11', 'Es-Semara', 'السمارة', 'Es-Semara', 'province'),
    ('321', '', '11', 'Laâyoune', 'العيون', 'Laayoune', 'province'),
    ('537', '', '11', 'Tarfaya', 'طرفاية', 'Tarfaya', 'province'),
    ('066', '', '12', 'Aousserd', 'أوسرد', 'Aousserd', 'province'),
    ('391', '', '12', 'Oued Ed-Dahab', 'وادي الذهب', 'Oued Ed-Dahab', 'province'),
]


def load(apps, schema_editor):
    Region = apps.get_model("facilities", "Region")
    Province = apps.get_model("facilities", "Province")
    regions = {}
    for code, pcode, name_fr, name_ar, name_en, capital, lat, lon in REGIONS:
        regions[code], _ = Region.objects.update_or_create(
            code=code,
            defaults={
                "pcode": pcode,
                "name_fr": name_fr,
                "name_ar": name_ar,
                "name_en": name_en,
                "capital_fr": capital,
                "latitude": lat,
                "longitude": lon,
            },
        )
    for code, pcode, region_code, name_fr, name_ar, name_en, kind in PROVINCES:
        Province.objects.update_or_create(
            code=code,
            defaults={
                "pcode": pcode,
                "region": regions[region_code],
                "name_fr": name_fr,
                "name_ar": name_ar,
                "name_en": name_en,
                "kind": kind,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("facilities", "Province").objects.filter(
        code__in=[row[0] for row in PROVINCES]
    ).delete()
    apps.get_model("facilities", "Region").objects.filter(
        code__in=[row[0] for row in REGIONS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("facilities", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
