"""Punjab Police, Pakistan: the unit tree used to build demo data.

Province -> region -> district -> circle (sub-division) -> police station.
The regions and their districts are the real ones (the 36 districts that
existed before the 2022-23 splits; Murree, Talagang, Wazirabad, Kot Addu and
Taunsa appear here as circles of their parent districts). Circle and station
names are real where known and plausible otherwise; coordinates are
approximate (district headquarters, and small offsets for circles and
stations). Every name is given in English, Urdu and Hindi.
"""

LEVELS = [  # (code, en, ur, hi) from the top (depth 0) to the bottom
    ("province", "Province", "صوبہ", "प्रांत"),
    ("region", "Region", "ریجن", "रीजन"),
    ("district", "District", "ضلع", "ज़िला"),
    ("circle", "Circle / Sub-division", "سرکل / سب ڈویژن", "सर्किल / सब-डिवीज़न"),
    ("station", "Police Station", "تھانہ", "थाना"),
]

TREE = {"code": "PB", "en": "Punjab Police", "ur": "پنجاب پولیس", "hi": "पंजाब पुलिस", "lat": 31.5204, "lng": 74.3587, "children": [
    {"code": "LHR-R", "en": "Capital City Police Lahore", "ur": "کیپیٹل سٹی پولیس لاہور", "hi": "कैपिटल सिटी पुलिस लाहौर", "lat": 31.5497, "lng": 74.3436, "children": [
        {"code": "LHR", "en": "Lahore", "ur": "لاہور", "hi": "लाहौर", "lat": 31.5450, "lng": 74.3300, "children": [
            {"code": "LHR-MDT", "en": "Model Town", "ur": "ماڈل ٹاؤن", "hi": "मॉडल टाउन", "lat": 31.4834, "lng": 74.3260, "children": [
                {"code": "LHR-MDT-MDT", "en": "Model Town", "ur": "ماڈل ٹاؤن", "hi": "मॉडल टाउन", "lat": 31.4874, "lng": 74.3300},
                {"code": "LHR-MDT-FST", "en": "Faisal Town", "ur": "فیصل ٹاؤن", "hi": "फ़ैसल टाउन", "lat": 31.4770, "lng": 74.3045},
                {"code": "LHR-MDT-GDT", "en": "Garden Town", "ur": "گارڈن ٹاؤن", "hi": "गार्डन टाउन", "lat": 31.5030, "lng": 74.3220},
                {"code": "LHR-MDT-TSP", "en": "Township", "ur": "ٹاؤن شپ", "hi": "टाउनशिप", "lat": 31.4490, "lng": 74.3040},
            ]},
            {"code": "LHR-CVL", "en": "Civil Lines", "ur": "سول لائنز", "hi": "सिविल लाइंस", "lat": 31.5600, "lng": 74.3190, "children": [
                {"code": "LHR-CVL-CVL", "en": "Civil Lines", "ur": "سول لائنز", "hi": "सिविल लाइंस", "lat": 31.5640, "lng": 74.3230},
                {"code": "LHR-CVL-GBG", "en": "Gulberg", "ur": "گلبرگ", "hi": "गुलबर्ग", "lat": 31.5200, "lng": 74.3500},
                {"code": "LHR-CVL-RCC", "en": "Race Course", "ur": "ریس کورس", "hi": "रेस कोर्स", "lat": 31.5420, "lng": 74.3350},
                {"code": "LHR-CVL-MZG", "en": "Mozang", "ur": "مزنگ", "hi": "मुज़ंग", "lat": 31.5510, "lng": 74.3110},
            ]},
            {"code": "LHR-CTY", "en": "City Lahore", "ur": "سٹی لاہور", "hi": "सिटी लाहौर", "lat": 31.5780, "lng": 74.3130, "children": [
                {"code": "LHR-CTY-ANK", "en": "Anarkali", "ur": "انارکلی", "hi": "अनारकली", "lat": 31.5650, "lng": 74.3110},
                {"code": "LHR-CTY-LHG", "en": "Lohari Gate", "ur": "لوہاری گیٹ", "hi": "लोहारी गेट", "lat": 31.5770, "lng": 74.3120},
                {"code": "LHR-CTY-DTD", "en": "Data Darbar", "ur": "داتا دربار", "hi": "दाता दरबार", "lat": 31.5790, "lng": 74.3040},
                {"code": "LHR-CTY-TBC", "en": "Tibbi City", "ur": "ٹبی سٹی", "hi": "टिब्बी सिटी", "lat": 31.5830, "lng": 74.3150},
            ]},
            {"code": "LHR-CNT", "en": "Cantt Lahore", "ur": "کینٹ لاہور", "hi": "कैंट लाहौर", "lat": 31.5270, "lng": 74.3780, "children": [
                {"code": "LHR-CNT-SRD", "en": "Sarwar Road", "ur": "سرور روڈ", "hi": "सरवर रोड", "lat": 31.5310, "lng": 74.3820},
                {"code": "LHR-CNT-NCT", "en": "North Cantt", "ur": "نارتھ کینٹ", "hi": "नॉर्थ कैंट", "lat": 31.5400, "lng": 74.3820},
                {"code": "LHR-CNT-DFA", "en": "Defence A", "ur": "ڈیفنس اے", "hi": "डिफ़ेंस ए", "lat": 31.4800, "lng": 74.3900},
                {"code": "LHR-CNT-MGP", "en": "Mughalpura", "ur": "مغلپورہ", "hi": "मुग़लपुरा", "lat": 31.5650, "lng": 74.3650},
            ]},
            {"code": "LHR-IQB", "en": "Iqbal Town", "ur": "اقبال ٹاؤن", "hi": "इक़बाल टाउन", "lat": 31.5100, "lng": 74.2850, "children": [
                {"code": "LHR-IQB-IQB", "en": "Iqbal Town", "ur": "اقبال ٹاؤن", "hi": "इक़बाल टाउन", "lat": 31.5140, "lng": 74.2890},
                {"code": "LHR-IQB-SMN", "en": "Samanabad", "ur": "سمن آباد", "hi": "समनाबाद", "lat": 31.5300, "lng": 74.2950},
                {"code": "LHR-IQB-JHT", "en": "Johar Town", "ur": "جوہر ٹاؤن", "hi": "जौहर टाउन", "lat": 31.4690, "lng": 74.2720},
                {"code": "LHR-IQB-SBZ", "en": "Sabzazar", "ur": "سبزہ زار", "hi": "सब्ज़ाज़ार", "lat": 31.5170, "lng": 74.2660},
            ]},
            {"code": "LHR-SDR", "en": "Saddar Lahore", "ur": "صدر لاہور", "hi": "सदर लाहौर", "lat": 31.3720, "lng": 74.3670, "children": [
                {"code": "LHR-SDR-KHN", "en": "Kahna", "ur": "کاہنہ", "hi": "काहना", "lat": 31.3760, "lng": 74.3710},
                {"code": "LHR-SDR-RWD", "en": "Raiwind", "ur": "رائیونڈ", "hi": "रायविंड", "lat": 31.2490, "lng": 74.2150},
                {"code": "LHR-SDR-CHG", "en": "Chung", "ur": "چوہنگ", "hi": "चोहंग", "lat": 31.4500, "lng": 74.2200},
                {"code": "LHR-SDR-MGM", "en": "Manga Mandi", "ur": "مانگا منڈی", "hi": "मांगा मंडी", "lat": 31.3000, "lng": 74.0600},
            ]},
            {"code": "LHR-SHD", "en": "Shahdara", "ur": "شاہدرہ", "hi": "शाहदरा", "lat": 31.6200, "lng": 74.2850, "children": [
                {"code": "LHR-SHD-SHD", "en": "Shahdara", "ur": "شاہدرہ", "hi": "शाहदरा", "lat": 31.6240, "lng": 74.2890},
                {"code": "LHR-SHD-BBG", "en": "Badami Bagh", "ur": "بادامی باغ", "hi": "बादामी बाग़", "lat": 31.5900, "lng": 74.3200},
            ]},
        ]},
    ]},
    {"code": "SKP-R", "en": "Sheikhupura Region", "ur": "شیخوپورہ ریجن", "hi": "शेख़ूपुरा रीजन", "lat": 31.7211, "lng": 73.9863, "children": [
        {"code": "SKP", "en": "Sheikhupura", "ur": "شیخوپورہ", "hi": "शेख़ूपुरा", "lat": 31.7131, "lng": 73.9783, "children": [
            {"code": "SKP-CTY", "en": "City Sheikhupura", "ur": "سٹی شیخوپورہ", "hi": "सिटी शेख़ूपुरा", "lat": 31.7329, "lng": 74.0123, "children": [
                {"code": "SKP-CTY-ADV", "en": "A-Division Sheikhupura", "ur": "اے ڈویژن شیخوپورہ", "hi": "ए डिवीज़न शेख़ूपुरा", "lat": 31.7364, "lng": 74.0282},
                {"code": "SKP-CTY-BDV", "en": "B-Division Sheikhupura", "ur": "بی ڈویژن شیخوپورہ", "hi": "बी डिवीज़न शेख़ूपुरा", "lat": 31.7465, "lng": 74.0082},
                {"code": "SKP-CTY-FCA", "en": "Factory Area Sheikhupura", "ur": "فیکٹری ایریا شیخوپورہ", "hi": "फ़ैक्टरी एरिया शेख़ूपुरा", "lat": 31.7294, "lng": 73.9964},
                {"code": "SKP-CTY-SDR", "en": "Saddar Sheikhupura", "ur": "صدر شیخوپورہ", "hi": "सदर शेख़ूपुरा", "lat": 31.7193, "lng": 74.0164},
            ]},
            {"code": "SKP-MDK", "en": "Muridke", "ur": "مریدکے", "hi": "मुरीदके", "lat": 31.8020, "lng": 74.2550, "children": [
                {"code": "SKP-MDK-CTY", "en": "City Muridke", "ur": "سٹی مریدکے", "hi": "सिटी मुरीदके", "lat": 31.8055, "lng": 74.2710},
                {"code": "SKP-MDK-SDR", "en": "Saddar Muridke", "ur": "صدر مریدکے", "hi": "सदर मुरीदके", "lat": 31.8120, "lng": 74.2435},
                {"code": "SKP-MDK-NRM", "en": "Narang Mandi", "ur": "نارنگ منڈی", "hi": "नारंग मंडी", "lat": 31.9030, "lng": 74.5160},
            ]},
            {"code": "SKP-FRZ", "en": "Ferozewala", "ur": "فیروزوالہ", "hi": "फ़ीरोज़वाला", "lat": 31.6400, "lng": 74.2700, "children": [
                {"code": "SKP-FRZ-FRZ", "en": "Ferozewala", "ur": "فیروزوالہ", "hi": "फ़ीरोज़वाला", "lat": 31.6435, "lng": 74.2859},
                {"code": "SKP-FRZ-KAM", "en": "Kot Abdul Malik", "ur": "کوٹ عبدالمالک", "hi": "कोट अब्दुल मलिक", "lat": 31.6030, "lng": 74.1900},
                {"code": "SKP-FRZ-SRQ", "en": "Sharaqpur", "ur": "شرقپور", "hi": "शरक़पुर", "lat": 31.4630, "lng": 74.1000},
            ]},
        ]},
        {"code": "NKS", "en": "Nankana Sahib", "ur": "ننکانہ صاحب", "hi": "ननकाना साहिब", "lat": 31.4500, "lng": 73.7065, "children": [
            {"code": "NKS-CTY", "en": "City Nankana Sahib", "ur": "سٹی ننکانہ صاحب", "hi": "सिटी ननकाना साहिब", "lat": 31.4698, "lng": 73.7404, "children": [
                {"code": "NKS-CTY-CTY", "en": "City Nankana Sahib", "ur": "سٹی ننکانہ صاحب", "hi": "सिटी ननकाना साहिब", "lat": 31.4733, "lng": 73.7563},
                {"code": "NKS-CTY-SDR", "en": "Saddar Nankana Sahib", "ur": "صدر ننکانہ صاحب", "hi": "सदर ननकाना साहिब", "lat": 31.4798, "lng": 73.7289},
                {"code": "NKS-CTY-MGT", "en": "Mangtanwala", "ur": "مانگٹانوالہ", "hi": "मांगटांवाला", "lat": 31.4000, "lng": 73.8600},
            ]},
            {"code": "NKS-SHK", "en": "Shahkot", "ur": "شاہکوٹ", "hi": "शाहकोट", "lat": 31.5710, "lng": 73.4850, "children": [
                {"code": "NKS-SHK-SHK", "en": "Shahkot", "ur": "شاہکوٹ", "hi": "शाहकोट", "lat": 31.5745, "lng": 73.5009},
                {"code": "NKS-SHK-WBT", "en": "Warburton", "ur": "واربرٹن", "hi": "वारबर्टन", "lat": 31.5500, "lng": 73.8300},
            ]},
            {"code": "NKS-SGH", "en": "Sangla Hill", "ur": "سانگلہ ہل", "hi": "सांगला हिल", "lat": 31.7150, "lng": 73.3830, "children": [
                {"code": "NKS-SGH-CTY", "en": "City Sangla Hill", "ur": "سٹی سانگلہ ہل", "hi": "सिटी सांगला हिल", "lat": 31.7185, "lng": 73.3989},
                {"code": "NKS-SGH-SDR", "en": "Saddar Sangla Hill", "ur": "صدر سانگلہ ہل", "hi": "सदर सांगला हिल", "lat": 31.7115, "lng": 73.3671},
            ]},
        ]},
        {"code": "KSR", "en": "Kasur", "ur": "قصور", "hi": "क़सूर", "lat": 31.1187, "lng": 74.4630, "children": [
            {"code": "KSR-CTY", "en": "City Kasur", "ur": "سٹی قصور", "hi": "सिटी क़सूर", "lat": 31.1385, "lng": 74.4967, "children": [
                {"code": "KSR-CTY-ADV", "en": "A-Division Kasur", "ur": "اے ڈویژن قصور", "hi": "ए डिवीज़न क़सूर", "lat": 31.1420, "lng": 74.5125},
                {"code": "KSR-CTY-BDV", "en": "B-Division Kasur", "ur": "بی ڈویژن قصور", "hi": "बी डिवीज़न क़सूर", "lat": 31.1521, "lng": 74.4927},
                {"code": "KSR-CTY-SDR", "en": "Saddar Kasur", "ur": "صدر قصور", "hi": "सदर क़सूर", "lat": 31.1350, "lng": 74.4809},
                {"code": "KSR-CTY-KRK", "en": "Kot Radha Kishan", "ur": "کوٹ رادھا کشن", "hi": "कोट राधा किशन", "lat": 31.1710, "lng": 74.1000},
            ]},
            {"code": "KSR-CHN", "en": "Chunian", "ur": "چونیاں", "hi": "चूनियां", "lat": 30.9640, "lng": 73.9790, "children": [
                {"code": "KSR-CHN-CTY", "en": "City Chunian", "ur": "سٹی چونیاں", "hi": "सिटी चूनियां", "lat": 30.9675, "lng": 73.9948},
                {"code": "KSR-CHN-KGP", "en": "Kanganpur", "ur": "کنگن پور", "hi": "कंगनपुर", "lat": 30.7640, "lng": 73.9730},
            ]},
            {"code": "KSR-PTK", "en": "Pattoki", "ur": "پتوکی", "hi": "पत्तोकी", "lat": 31.0210, "lng": 73.8500, "children": [
                {"code": "KSR-PTK-CTY", "en": "City Pattoki", "ur": "سٹی پتوکی", "hi": "सिटी पत्तोकी", "lat": 31.0245, "lng": 73.8658},
                {"code": "KSR-PTK-SDR", "en": "Saddar Pattoki", "ur": "صدر پتوکی", "hi": "सदर पत्तोकी", "lat": 31.0310, "lng": 73.8386},
                {"code": "KSR-PTK-PNG", "en": "Phool Nagar", "ur": "پھول نگر", "hi": "फूल नगर", "lat": 31.2040, "lng": 73.9440},
            ]},
        ]},
    ]},
    {"code": "GRW-R", "en": "Gujranwala Region", "ur": "گوجرانوالہ ریجن", "hi": "गुजरांवाला रीजन", "lat": 32.1957, "lng": 74.2025, "children": [
        {"code": "GRW", "en": "Gujranwala", "ur": "گوجرانوالہ", "hi": "गुजरांवाला", "lat": 32.1877, "lng": 74.1945, "children": [
            {"code": "GRW-CTY", "en": "City Gujranwala", "ur": "سٹی گوجرانوالہ", "hi": "सिटी गुजरांवाला", "lat": 32.2075, "lng": 74.2286, "children": [
                {"code": "GRW-CTY-CVL", "en": "Civil Lines Gujranwala", "ur": "سول لائنز گوجرانوالہ", "hi": "सिविल लाइंस गुजरांवाला", "lat": 32.2110, "lng": 74.2446},
                {"code": "GRW-CTY-STT", "en": "Satellite Town Gujranwala", "ur": "سیٹلائٹ ٹاؤن گوجرانوالہ", "hi": "सैटेलाइट टाउन गुजरांवाला", "lat": 32.2211, "lng": 74.2245},
                {"code": "GRW-CTY-PPC", "en": "Peoples Colony Gujranwala", "ur": "پیپلز کالونی گوجرانوالہ", "hi": "पीपल्स कॉलोनी गुजरांवाला", "lat": 32.2040, "lng": 74.2126},
                {"code": "GRW-CTY-KHL", "en": "Khiali", "ur": "کھیالی", "hi": "खियाली", "lat": 32.1939, "lng": 74.2327},
            ]},
            {"code": "GRW-KMK", "en": "Kamoke", "ur": "کامونکی", "hi": "कामोंकी", "lat": 31.9750, "lng": 74.2230, "children": [
                {"code": "GRW-KMK-CTY", "en": "City Kamoke", "ur": "سٹی کامونکی", "hi": "सिटी कामोंकी", "lat": 31.9785, "lng": 74.2390},
                {"code": "GRW-KMK-SDR", "en": "Saddar Kamoke", "ur": "صدر کامونکی", "hi": "सदर कामोंकी", "lat": 31.9886, "lng": 74.2189},
                {"code": "GRW-KMK-EMN", "en": "Eminabad", "ur": "ایمن آباد", "hi": "ऐमनाबाद", "lat": 32.0400, "lng": 74.2600},
                {"code": "GRW-KMK-NWV", "en": "Nowshera Virkan", "ur": "نوشہرہ ورکاں", "hi": "नौशहरा विर्कां", "lat": 31.9630, "lng": 73.9700},
            ]},
            {"code": "GRW-WZB", "en": "Wazirabad", "ur": "وزیرآباد", "hi": "वज़ीराबाद", "lat": 32.4430, "lng": 74.1200, "children": [
                {"code": "GRW-WZB-CTY", "en": "City Wazirabad", "ur": "سٹی وزیرآباد", "hi": "सिटी वज़ीराबाद", "lat": 32.4465, "lng": 74.1361},
                {"code": "GRW-WZB-SDR", "en": "Saddar Wazirabad", "ur": "صدر وزیرآباد", "hi": "सदर वज़ीराबाद", "lat": 32.4530, "lng": 74.1084},
                {"code": "GRW-WZB-ALC", "en": "Alipur Chatha", "ur": "علی پور چٹھہ", "hi": "अलीपुर चट्ठा", "lat": 32.2640, "lng": 73.8110},
            ]},
        ]},
        {"code": "SKT", "en": "Sialkot", "ur": "سیالکوٹ", "hi": "सियालकोट", "lat": 32.4945, "lng": 74.5229, "children": [
            {"code": "SKT-CTY", "en": "City Sialkot", "ur": "سٹی سیالکوٹ", "hi": "सिटी सियालकोट", "lat": 32.5143, "lng": 74.5571, "children": [
                {"code": "SKT-CTY-CVL", "en": "Civil Lines Sialkot", "ur": "سول لائنز سیالکوٹ", "hi": "सिविल लाइंस सियालकोट", "lat": 32.5178, "lng": 74.5732},
                {"code": "SKT-CTY-CNT", "en": "Cantt Sialkot", "ur": "کینٹ سیالکوٹ", "hi": "कैंट सियालकोट", "lat": 32.5279, "lng": 74.5530},
                {"code": "SKT-CTY-KTW", "en": "Kotwali Sialkot", "ur": "کوتوالی سیالکوٹ", "hi": "कोतवाली सियालकोट", "lat": 32.5108, "lng": 74.5410},
                {"code": "SKT-CTY-HJP", "en": "Hajipura", "ur": "حاجی پورہ", "hi": "हाजीपुरा", "lat": 32.5007, "lng": 74.5612},
            ]},
            {"code": "SKT-DSK", "en": "Daska", "ur": "ڈسکہ", "hi": "डस्का", "lat": 32.3240, "lng": 74.3500, "children": [
                {"code": "SKT-DSK-CTY", "en": "City Daska", "ur": "سٹی ڈسکہ", "hi": "सिटी डस्का", "lat": 32.3275, "lng": 74.3661},
                {"code": "SKT-DSK-SDR", "en": "Saddar Daska", "ur": "صدر ڈسکہ", "hi": "सदर डस्का", "lat": 32.3340, "lng": 74.3384},
                {"code": "SKT-DSK-MTR", "en": "Motra", "ur": "موترہ", "hi": "मोतरा", "lat": 32.3800, "lng": 74.4300},
            ]},
            {"code": "SKT-PSR", "en": "Pasrur", "ur": "پسرور", "hi": "पसरूर", "lat": 32.2620, "lng": 74.6630, "children": [
                {"code": "SKT-PSR-CTY", "en": "City Pasrur", "ur": "سٹی پسرور", "hi": "सिटी पसरूर", "lat": 32.2655, "lng": 74.6790},
                {"code": "SKT-PSR-SDR", "en": "Saddar Pasrur", "ur": "صدر پسرور", "hi": "सदर पसरूर", "lat": 32.2720, "lng": 74.6514},
                {"code": "SKT-PSR-SMB", "en": "Sambrial", "ur": "سمبڑیال", "hi": "सम्बड़ियाल", "lat": 32.4750, "lng": 74.3520},
            ]},
        ]},
        {"code": "NRL", "en": "Narowal", "ur": "نارووال", "hi": "नारोवाल", "lat": 32.1020, "lng": 74.8730, "children": [
            {"code": "NRL-CTY", "en": "City Narowal", "ur": "سٹی نارووال", "hi": "सिटी नारोवाल", "lat": 32.1218, "lng": 74.9071, "children": [
                {"code": "NRL-CTY-CTY", "en": "City Narowal", "ur": "سٹی نارووال", "hi": "सिटी नारोवाल", "lat": 32.1253, "lng": 74.9231},
                {"code": "NRL-CTY-SDR", "en": "Saddar Narowal", "ur": "صدر نارووال", "hi": "सदर नारोवाल", "lat": 32.1318, "lng": 74.8955},
                {"code": "NRL-CTY-ZFW", "en": "Zafarwal", "ur": "ظفروال", "hi": "ज़फ़रवाल", "lat": 32.3450, "lng": 74.9000},
            ]},
            {"code": "NRL-SKG", "en": "Shakargarh", "ur": "شکرگڑھ", "hi": "शकरगढ़", "lat": 32.2630, "lng": 75.1580, "children": [
                {"code": "NRL-SKG-CTY", "en": "City Shakargarh", "ur": "سٹی شکرگڑھ", "hi": "सिटी शकरगढ़", "lat": 32.2665, "lng": 75.1740},
                {"code": "NRL-SKG-SDR", "en": "Saddar Shakargarh", "ur": "صدر شکرگڑھ", "hi": "सदर शकरगढ़", "lat": 32.2730, "lng": 75.1464},
                {"code": "NRL-SKG-NKT", "en": "Noor Kot", "ur": "نورکوٹ", "hi": "नूरकोट", "lat": 32.3330, "lng": 75.0200},
            ]},
        ]},
        {"code": "HFZ", "en": "Hafizabad", "ur": "حافظ آباد", "hi": "हाफ़िज़ाबाद", "lat": 32.0712, "lng": 73.6880, "children": [
            {"code": "HFZ-CTY", "en": "City Hafizabad", "ur": "سٹی حافظ آباد", "hi": "सिटी हाफ़िज़ाबाद", "lat": 32.0910, "lng": 73.7221, "children": [
                {"code": "HFZ-CTY-CTY", "en": "City Hafizabad", "ur": "سٹی حافظ آباد", "hi": "सिटी हाफ़िज़ाबाद", "lat": 32.0945, "lng": 73.7381},
                {"code": "HFZ-CTY-SDR", "en": "Saddar Hafizabad", "ur": "صدر حافظ آباد", "hi": "सदर हाफ़िज़ाबाद", "lat": 32.1010, "lng": 73.7106},
                {"code": "HFZ-CTY-KLT", "en": "Kolo Tarar", "ur": "کولو تارڑ", "hi": "कोलो तारड़", "lat": 32.0200, "lng": 73.5500},
            ]},
            {"code": "HFZ-PBT", "en": "Pindi Bhattian", "ur": "پنڈی بھٹیاں", "hi": "पिंडी भट्टियां", "lat": 31.8960, "lng": 73.2730, "children": [
                {"code": "HFZ-PBT-CTY", "en": "City Pindi Bhattian", "ur": "سٹی پنڈی بھٹیاں", "hi": "सिटी पिंडी भट्टियां", "lat": 31.8995, "lng": 73.2890},
                {"code": "HFZ-PBT-SDR", "en": "Saddar Pindi Bhattian", "ur": "صدر پنڈی بھٹیاں", "hi": "सदर पिंडी भट्टियां", "lat": 31.9060, "lng": 73.2615},
                {"code": "HFZ-PBT-JLB", "en": "Jalalpur Bhattian", "ur": "جلال پور بھٹیاں", "hi": "जलालपुर भट्टियां", "lat": 31.9700, "lng": 73.4400},
            ]},
        ]},
    ]},
    {"code": "GJT-R", "en": "Gujrat Region", "ur": "گجرات ریجن", "hi": "गुजरात रीजन", "lat": 32.5811, "lng": 74.0869, "children": [
        {"code": "GJT", "en": "Gujrat", "ur": "گجرات", "hi": "गुजरात", "lat": 32.5731, "lng": 74.0789, "children": [
            {"code": "GJT-CTY", "en": "City Gujrat", "ur": "سٹی گجرات", "hi": "सिटी गुजरात", "lat": 32.5929, "lng": 74.1132, "children": [
                {"code": "GJT-CTY-CVL", "en": "Civil Lines Gujrat", "ur": "سول لائنز گجرات", "hi": "सिविल लाइंस गुजरात", "lat": 32.5964, "lng": 74.1293},
                {"code": "GJT-CTY-SDR", "en": "Saddar Gujrat", "ur": "صدر گجرات", "hi": "सदर गुजरात", "lat": 32.6029, "lng": 74.1016},
                {"code": "GJT-CTY-KNJ", "en": "Kunjah", "ur": "کنجاہ", "hi": "कुंजाह", "lat": 32.5300, "lng": 73.9740},
            ]},
            {"code": "GJT-JPJ", "en": "Jalalpur Jattan", "ur": "جلال پور جٹاں", "hi": "जलालपुर जट्टां", "lat": 32.6400, "lng": 74.2060, "children": [
                {"code": "GJT-JPJ-JPJ", "en": "Jalalpur Jattan", "ur": "جلال پور جٹاں", "hi": "जलालपुर जट्टां", "lat": 32.6435, "lng": 74.2221},
                {"code": "GJT-JPJ-SDR", "en": "Saddar Jalalpur Jattan", "ur": "صدر جلال پور جٹاں", "hi": "सदर जलालपुर जट्टां", "lat": 32.6365, "lng": 74.1899},
            ]},
            {"code": "GJT-KHR", "en": "Kharian", "ur": "کھاریاں", "hi": "खारियां", "lat": 32.8110, "lng": 73.8650, "children": [
                {"code": "GJT-KHR-CTY", "en": "City Kharian", "ur": "سٹی کھاریاں", "hi": "सिटी खारियां", "lat": 32.8145, "lng": 73.8811},
                {"code": "GJT-KHR-LLM", "en": "Lalamusa", "ur": "لالہ موسیٰ", "hi": "लाला मूसा", "lat": 32.7010, "lng": 73.9600},
                {"code": "GJT-KHR-DNG", "en": "Dinga", "ur": "ڈنگہ", "hi": "डिंगा", "lat": 32.6410, "lng": 73.7220},
                {"code": "GJT-KHR-SAG", "en": "Sarai Alamgir", "ur": "سرائے عالمگیر", "hi": "सराय आलमगीर", "lat": 32.9030, "lng": 73.7560},
            ]},
        ]},
        {"code": "MBD", "en": "Mandi Bahauddin", "ur": "منڈی بہاؤالدین", "hi": "मंडी बहाउद्दीन", "lat": 32.5861, "lng": 73.4917, "children": [
            {"code": "MBD-CTY", "en": "City Mandi Bahauddin", "ur": "سٹی منڈی بہاؤالدین", "hi": "सिटी मंडी बहाउद्दीन", "lat": 32.6059, "lng": 73.5260, "children": [
                {"code": "MBD-CTY-CTY", "en": "City Mandi Bahauddin", "ur": "سٹی منڈی بہاؤالدین", "hi": "सिटी मंडी बहाउद्दीन", "lat": 32.6094, "lng": 73.5421},
                {"code": "MBD-CTY-SDR", "en": "Saddar Mandi Bahauddin", "ur": "صدر منڈی بہاؤالدین", "hi": "सदर मंडी बहाउद्दीन", "lat": 32.6024, "lng": 73.5099},
            ]},
            {"code": "MBD-PHL", "en": "Phalia", "ur": "پھالیہ", "hi": "फालिया", "lat": 32.4310, "lng": 73.5790, "children": [
                {"code": "MBD-PHL-CTY", "en": "City Phalia", "ur": "سٹی پھالیہ", "hi": "सिटी फालिया", "lat": 32.4345, "lng": 73.5951},
                {"code": "MBD-PHL-SDR", "en": "Saddar Phalia", "ur": "صدر پھالیہ", "hi": "सदर फालिया", "lat": 32.4275, "lng": 73.5629},
            ]},
            {"code": "MBD-MKW", "en": "Malakwal", "ur": "ملکوال", "hi": "मलकवाल", "lat": 32.5540, "lng": 73.2080, "children": [
                {"code": "MBD-MKW-MKW", "en": "Malakwal", "ur": "ملکوال", "hi": "मलकवाल", "lat": 32.5575, "lng": 73.2241},
                {"code": "MBD-MKW-MNG", "en": "Miana Gondal", "ur": "میانہ گوندل", "hi": "मियाना गोंदल", "lat": 32.6500, "lng": 73.3200},
            ]},
        ]},
    ]},
    {"code": "RWP-R", "en": "Rawalpindi Region", "ur": "راولپنڈی ریجن", "hi": "रावलपिंडी रीजन", "lat": 33.5731, "lng": 73.0249, "children": [
        {"code": "RWP", "en": "Rawalpindi", "ur": "راولپنڈی", "hi": "रावलपिंडी", "lat": 33.5651, "lng": 73.0169, "children": [
            {"code": "RWP-CTY", "en": "City Rawalpindi", "ur": "سٹی راولپنڈی", "hi": "सिटी रावलपिंडी", "lat": 33.6010, "lng": 73.0540, "children": [
                {"code": "RWP-CTY-KTW", "en": "Kotwali Rawalpindi", "ur": "کوتوالی راولپنڈی", "hi": "कोतवाली रावलपिंडी", "lat": 33.6045, "lng": 73.0703},
                {"code": "RWP-CTY-GNJ", "en": "Ganjmandi", "ur": "گنج منڈی", "hi": "गंज मंडी", "lat": 33.6146, "lng": 73.0498},
                {"code": "RWP-CTY-WKH", "en": "Waris Khan", "ur": "وارث خان", "hi": "वारिस ख़ान", "lat": 33.5975, "lng": 73.0377},
                {"code": "RWP-CTY-BNI", "en": "Banni", "ur": "بنی", "hi": "बन्नी", "lat": 33.5874, "lng": 73.0582},
            ]},
            {"code": "RWP-RWL", "en": "Rawal", "ur": "راول", "hi": "रावल", "lat": 33.6350, "lng": 73.0750, "children": [
                {"code": "RWP-RWL-NWT", "en": "New Town", "ur": "نیو ٹاؤن", "hi": "न्यू टाउन", "lat": 33.6385, "lng": 73.0913},
                {"code": "RWP-RWL-SDQ", "en": "Sadiqabad", "ur": "صادق آباد", "hi": "सादिक़ाबाद", "lat": 33.6486, "lng": 73.0708},
                {"code": "RWP-RWL-PWD", "en": "Pirwadhai", "ur": "پیرودھائی", "hi": "पीरवधाई", "lat": 33.6315, "lng": 73.0587},
                {"code": "RWP-RWL-APT", "en": "Airport", "ur": "ایئرپورٹ", "hi": "एयरपोर्ट", "lat": 33.6170, "lng": 73.0990},
            ]},
            {"code": "RWP-CNT", "en": "Cantt Rawalpindi", "ur": "کینٹ راولپنڈی", "hi": "कैंट रावलपिंडी", "lat": 33.5900, "lng": 73.0550, "children": [
                {"code": "RWP-CNT-CNT", "en": "Cantt Rawalpindi", "ur": "کینٹ راولپنڈی", "hi": "कैंट रावलपिंडी", "lat": 33.5935, "lng": 73.0713},
                {"code": "RWP-CNT-RAB", "en": "RA Bazar", "ur": "آر اے بازار", "hi": "आर ए बाज़ार", "lat": 33.6036, "lng": 73.0508},
                {"code": "RWP-CNT-WSR", "en": "Westridge", "ur": "ویسٹریج", "hi": "वेस्टरिज", "lat": 33.5865, "lng": 73.0387},
                {"code": "RWP-CNT-SBR", "en": "Saddar Bairooni", "ur": "صدر بیرونی", "hi": "सदर बैरूनी", "lat": 33.5764, "lng": 73.0592},
            ]},
            {"code": "RWP-GJK", "en": "Gujar Khan", "ur": "گوجر خان", "hi": "गूजर ख़ान", "lat": 33.2530, "lng": 73.3040, "children": [
                {"code": "RWP-GJK-GJK", "en": "Gujar Khan", "ur": "گوجر خان", "hi": "गूजर ख़ान", "lat": 33.2565, "lng": 73.3202},
                {"code": "RWP-GJK-MDR", "en": "Mandra", "ur": "مندرہ", "hi": "मंदरा", "lat": 33.3600, "lng": 73.2300},
                {"code": "RWP-GJK-KLS", "en": "Kallar Syedan", "ur": "کلر سیداں", "hi": "कल्लर सैयदां", "lat": 33.4140, "lng": 73.3760},
                {"code": "RWP-GJK-KHT", "en": "Kahuta", "ur": "کہوٹہ", "hi": "कहूटा", "lat": 33.5910, "lng": 73.3870},
            ]},
            {"code": "RWP-TXL", "en": "Taxila", "ur": "ٹیکسلا", "hi": "टैक्सिला", "lat": 33.7460, "lng": 72.7870, "children": [
                {"code": "RWP-TXL-TXL", "en": "Taxila", "ur": "ٹیکسلا", "hi": "टैक्सिला", "lat": 33.7495, "lng": 72.8033},
                {"code": "RWP-TXL-WAH", "en": "Wah Cantt", "ur": "واہ کینٹ", "hi": "वाह कैंट", "lat": 33.7720, "lng": 72.7310},
            ]},
        ]},
        {"code": "ATK", "en": "Attock", "ur": "اٹک", "hi": "अटक", "lat": 33.7660, "lng": 72.3609, "children": [
            {"code": "ATK-CTY", "en": "City Attock", "ur": "سٹی اٹک", "hi": "सिटी अटक", "lat": 33.7858, "lng": 72.3956, "children": [
                {"code": "ATK-CTY-CTY", "en": "City Attock", "ur": "سٹی اٹک", "hi": "सिटी अटक", "lat": 33.7893, "lng": 72.4119},
                {"code": "ATK-CTY-SDR", "en": "Saddar Attock", "ur": "صدر اٹک", "hi": "सदर अटक", "lat": 33.7958, "lng": 72.3838},
                {"code": "ATK-CTY-HZR", "en": "Hazro", "ur": "حضرو", "hi": "हज़रो", "lat": 33.9100, "lng": 72.4920},
            ]},
            {"code": "ATK-FTJ", "en": "Fateh Jang", "ur": "فتح جنگ", "hi": "फ़तह जंग", "lat": 33.5650, "lng": 72.6380, "children": [
                {"code": "ATK-FTJ-FTJ", "en": "Fateh Jang", "ur": "فتح جنگ", "hi": "फ़तह जंग", "lat": 33.5685, "lng": 72.6543},
                {"code": "ATK-FTJ-HSA", "en": "Hassan Abdal", "ur": "حسن ابدال", "hi": "हसन अब्दाल", "lat": 33.8200, "lng": 72.6890},
            ]},
            {"code": "ATK-PGB", "en": "Pindi Gheb", "ur": "پنڈی گھیب", "hi": "पिंडी घेब", "lat": 33.2400, "lng": 72.2650, "children": [
                {"code": "ATK-PGB-PGB", "en": "Pindi Gheb", "ur": "پنڈی گھیب", "hi": "पिंडी घेब", "lat": 33.2435, "lng": 72.2812},
                {"code": "ATK-PGB-JND", "en": "Jand", "ur": "جنڈ", "hi": "जंड", "lat": 33.4300, "lng": 72.0190},
            ]},
        ]},
        {"code": "JLM", "en": "Jhelum", "ur": "جہلم", "hi": "झेलम", "lat": 32.9405, "lng": 73.7276, "children": [
            {"code": "JLM-CTY", "en": "City Jhelum", "ur": "سٹی جہلم", "hi": "सिटी झेलम", "lat": 32.9603, "lng": 73.7620, "children": [
                {"code": "JLM-CTY-CTY", "en": "City Jhelum", "ur": "سٹی جہلم", "hi": "सिटी झेलम", "lat": 32.9638, "lng": 73.7782},
                {"code": "JLM-CTY-CVL", "en": "Civil Lines Jhelum", "ur": "سول لائنز جہلم", "hi": "सिविल लाइंस झेलम", "lat": 32.9739, "lng": 73.7579},
                {"code": "JLM-CTY-CNT", "en": "Cantt Jhelum", "ur": "کینٹ جہلم", "hi": "कैंट झेलम", "lat": 32.9568, "lng": 73.7458},
                {"code": "JLM-CTY-SDR", "en": "Saddar Jhelum", "ur": "صدر جہلم", "hi": "सदर झेलम", "lat": 32.9467, "lng": 73.7661},
            ]},
            {"code": "JLM-DNA", "en": "Dina", "ur": "دینہ", "hi": "दीना", "lat": 33.0280, "lng": 73.6010, "children": [
                {"code": "JLM-DNA-DNA", "en": "Dina", "ur": "دینہ", "hi": "दीना", "lat": 33.0315, "lng": 73.6172},
                {"code": "JLM-DNA-SHW", "en": "Sohawa", "ur": "سوہاوہ", "hi": "सोहावा", "lat": 33.1150, "lng": 73.4220},
            ]},
            {"code": "JLM-PDK", "en": "Pind Dadan Khan", "ur": "پنڈ دادن خان", "hi": "पिंड दादन ख़ान", "lat": 32.5870, "lng": 73.0440, "children": [
                {"code": "JLM-PDK-PDK", "en": "Pind Dadan Khan", "ur": "پنڈ دادن خان", "hi": "पिंड दादन ख़ान", "lat": 32.5905, "lng": 73.0601},
                {"code": "JLM-PDK-LLA", "en": "Lilla", "ur": "للہ", "hi": "लिल्ला", "lat": 32.5700, "lng": 72.9200},
            ]},
        ]},
        {"code": "CKL", "en": "Chakwal", "ur": "چکوال", "hi": "चकवाल", "lat": 32.9328, "lng": 72.8630, "children": [
            {"code": "CKL-CTY", "en": "City Chakwal", "ur": "سٹی چکوال", "hi": "सिटी चकवाल", "lat": 32.9526, "lng": 72.8974, "children": [
                {"code": "CKL-CTY-CTY", "en": "City Chakwal", "ur": "سٹی چکوال", "hi": "सिटी चकवाल", "lat": 32.9561, "lng": 72.9136},
                {"code": "CKL-CTY-SDR", "en": "Saddar Chakwal", "ur": "صدر چکوال", "hi": "सदर चकवाल", "lat": 32.9626, "lng": 72.8857},
                {"code": "CKL-CTY-DDL", "en": "Dhudial", "ur": "دھودیال", "hi": "धुदियाल", "lat": 33.0200, "lng": 72.9600},
            ]},
            {"code": "CKL-CSS", "en": "Choa Saidan Shah", "ur": "چوآ سیدن شاہ", "hi": "चोआ सैदन शाह", "lat": 32.7190, "lng": 72.9860, "children": [
                {"code": "CKL-CSS-CSS", "en": "Choa Saidan Shah", "ur": "چوآ سیدن شاہ", "hi": "चोआ सैदन शाह", "lat": 32.7225, "lng": 73.0021},
                {"code": "CKL-CSS-KLK", "en": "Kallar Kahar", "ur": "کلر کہار", "hi": "कल्लर कहार", "lat": 32.7830, "lng": 72.7000},
            ]},
            {"code": "CKL-TLG", "en": "Talagang", "ur": "تلہ گنگ", "hi": "तलागंग", "lat": 32.9290, "lng": 72.4160, "children": [
                {"code": "CKL-TLG-CTY", "en": "City Talagang", "ur": "سٹی تلہ گنگ", "hi": "सिटी तलागंग", "lat": 32.9325, "lng": 72.4322},
                {"code": "CKL-TLG-SDR", "en": "Saddar Talagang", "ur": "صدر تلہ گنگ", "hi": "सदर तलागंग", "lat": 32.9390, "lng": 72.4043},
                {"code": "CKL-TLG-LWA", "en": "Lawa", "ur": "لاوہ", "hi": "लावा", "lat": 32.6960, "lng": 71.9900},
            ]},
        ]},
    ]},
    {"code": "SGD-R", "en": "Sargodha Region", "ur": "سرگودھا ریجن", "hi": "सरगोधा रीजन", "lat": 32.0916, "lng": 72.6791, "children": [
        {"code": "SGD", "en": "Sargodha", "ur": "سرگودھا", "hi": "सरगोधा", "lat": 32.0836, "lng": 72.6711, "children": [
            {"code": "SGD-CTY", "en": "City Sargodha", "ur": "سٹی سرگودھا", "hi": "सिटी सरगोधा", "lat": 32.1034, "lng": 72.7052, "children": [
                {"code": "SGD-CTY-CTY", "en": "City Sargodha", "ur": "سٹی سرگودھا", "hi": "सिटी सरगोधा", "lat": 32.1069, "lng": 72.7212},
                {"code": "SGD-CTY-CVL", "en": "Civil Lines Sargodha", "ur": "سول لائنز سرگودھا", "hi": "सिविल लाइंस सरगोधा", "lat": 32.1170, "lng": 72.7011},
                {"code": "SGD-CTY-STT", "en": "Satellite Town Sargodha", "ur": "سیٹلائٹ ٹاؤن سرگودھا", "hi": "सैटेलाइट टाउन सरगोधा", "lat": 32.0999, "lng": 72.6892},
                {"code": "SGD-CTY-CNT", "en": "Cantt Sargodha", "ur": "کینٹ سرگودھا", "hi": "कैंट सरगोधा", "lat": 32.0898, "lng": 72.7093},
            ]},
            {"code": "SGD-BLW", "en": "Bhalwal", "ur": "بھلوال", "hi": "भलवाल", "lat": 32.2660, "lng": 72.8990, "children": [
                {"code": "SGD-BLW-CTY", "en": "City Bhalwal", "ur": "سٹی بھلوال", "hi": "सिटी भलवाल", "lat": 32.2695, "lng": 72.9150},
                {"code": "SGD-BLW-BHR", "en": "Bhera", "ur": "بھیرہ", "hi": "भेरा", "lat": 32.4810, "lng": 72.9100},
                {"code": "SGD-BLW-KTM", "en": "Kot Momin", "ur": "کوٹ مومن", "hi": "कोट मोमिन", "lat": 32.1890, "lng": 73.0290},
            ]},
            {"code": "SGD-SHP", "en": "Shahpur", "ur": "شاہ پور", "hi": "शाहपुर", "lat": 32.2850, "lng": 72.4680, "children": [
                {"code": "SGD-SHP-CTY", "en": "City Shahpur", "ur": "سٹی شاہ پور", "hi": "सिटी शाहपुर", "lat": 32.2885, "lng": 72.4840},
                {"code": "SGD-SHP-SLW", "en": "Sillanwali", "ur": "سلانوالی", "hi": "सिलांवाली", "lat": 31.8250, "lng": 72.5400},
                {"code": "SGD-SHP-JHW", "en": "Jhawarian", "ur": "جھاوریاں", "hi": "झावरियां", "lat": 32.3620, "lng": 72.6230},
            ]},
        ]},
        {"code": "KHB", "en": "Khushab", "ur": "خوشاب", "hi": "ख़ुशाब", "lat": 32.2955, "lng": 72.3489, "children": [
            {"code": "KHB-CTY", "en": "City Khushab", "ur": "سٹی خوشاب", "hi": "सिटी ख़ुशाब", "lat": 32.3153, "lng": 72.3831, "children": [
                {"code": "KHB-CTY-CTY", "en": "City Khushab", "ur": "سٹی خوشاب", "hi": "सिटी ख़ुशाब", "lat": 32.3188, "lng": 72.3992},
                {"code": "KHB-CTY-SDR", "en": "Saddar Khushab", "ur": "صدر خوشاب", "hi": "सदर ख़ुशाब", "lat": 32.3289, "lng": 72.3790},
                {"code": "KHB-CTY-JHB", "en": "Jauharabad", "ur": "جوہرآباد", "hi": "जौहराबाद", "lat": 32.2900, "lng": 72.2830},
                {"code": "KHB-CTY-MTW", "en": "Mitha Tiwana", "ur": "مٹھہ ٹوانہ", "hi": "मिट्ठा टिवाना", "lat": 32.2460, "lng": 72.1070},
            ]},
            {"code": "KHB-QDB", "en": "Quaidabad", "ur": "قائدآباد", "hi": "क़ाइदाबाद", "lat": 32.3170, "lng": 71.9080, "children": [
                {"code": "KHB-QDB-QDB", "en": "Quaidabad", "ur": "قائدآباد", "hi": "क़ाइदाबाद", "lat": 32.3205, "lng": 71.9241},
                {"code": "KHB-QDB-NPT", "en": "Noorpur Thal", "ur": "نورپور تھل", "hi": "नूरपुर थल", "lat": 31.8700, "lng": 71.9010},
                {"code": "KHB-QDB-NSH", "en": "Naushehra", "ur": "نوشہرہ", "hi": "नौशहरा", "lat": 32.5660, "lng": 72.1340},
            ]},
        ]},
        {"code": "MWI", "en": "Mianwali", "ur": "میانوالی", "hi": "मियांवाली", "lat": 32.5839, "lng": 71.5370, "children": [
            {"code": "MWI-CTY", "en": "City Mianwali", "ur": "سٹی میانوالی", "hi": "सिटी मियांवाली", "lat": 32.6037, "lng": 71.5713, "children": [
                {"code": "MWI-CTY-CTY", "en": "City Mianwali", "ur": "سٹی میانوالی", "hi": "सिटी मियांवाली", "lat": 32.6072, "lng": 71.5874},
                {"code": "MWI-CTY-SDR", "en": "Saddar Mianwali", "ur": "صدر میانوالی", "hi": "सदर मियांवाली", "lat": 32.6137, "lng": 71.5597},
                {"code": "MWI-CTY-DKL", "en": "Daudkhel", "ur": "داؤدخیل", "hi": "दाऊदख़ेल", "lat": 32.8750, "lng": 71.5700},
            ]},
            {"code": "MWI-ISK", "en": "Isa Khel", "ur": "عیسیٰ خیل", "hi": "ईसा ख़ेल", "lat": 32.6790, "lng": 71.2790, "children": [
                {"code": "MWI-ISK-ISK", "en": "Isa Khel", "ur": "عیسیٰ خیل", "hi": "ईसा ख़ेल", "lat": 32.6825, "lng": 71.2951},
                {"code": "MWI-ISK-KLB", "en": "Kalabagh", "ur": "کالاباغ", "hi": "कालाबाग़", "lat": 32.9640, "lng": 71.5470},
                {"code": "MWI-ISK-KMM", "en": "Kamar Mushani", "ur": "کمر مشانی", "hi": "कमर मुशानी", "lat": 32.8430, "lng": 71.3640},
            ]},
            {"code": "MWI-PPL", "en": "Piplan", "ur": "پپلاں", "hi": "पिपलां", "lat": 32.2830, "lng": 71.3530, "children": [
                {"code": "MWI-PPL-PPL", "en": "Piplan", "ur": "پپلاں", "hi": "पिपलां", "lat": 32.2865, "lng": 71.3690},
                {"code": "MWI-PPL-KND", "en": "Kundian", "ur": "کندیاں", "hi": "कुंडियां", "lat": 32.4560, "lng": 71.4790},
            ]},
        ]},
        {"code": "BKR", "en": "Bhakkar", "ur": "بھکر", "hi": "भक्कर", "lat": 31.6082, "lng": 71.0854, "children": [
            {"code": "BKR-CTY", "en": "City Bhakkar", "ur": "سٹی بھکر", "hi": "सिटी भक्कर", "lat": 31.6280, "lng": 71.1193, "children": [
                {"code": "BKR-CTY-CTY", "en": "City Bhakkar", "ur": "سٹی بھکر", "hi": "सिटी भक्कर", "lat": 31.6315, "lng": 71.1352},
                {"code": "BKR-CTY-SDR", "en": "Saddar Bhakkar", "ur": "صدر بھکر", "hi": "सदर भक्कर", "lat": 31.6245, "lng": 71.1034},
            ]},
            {"code": "BKR-DRK", "en": "Darya Khan", "ur": "دریا خان", "hi": "दरिया ख़ान", "lat": 31.7870, "lng": 71.1030, "children": [
                {"code": "BKR-DRK-DRK", "en": "Darya Khan", "ur": "دریا خان", "hi": "दरिया ख़ान", "lat": 31.7905, "lng": 71.1190},
                {"code": "BKR-DRK-KLK", "en": "Kalurkot", "ur": "کلورکوٹ", "hi": "कलूरकोट", "lat": 32.1550, "lng": 71.2620},
            ]},
            {"code": "BKR-MNK", "en": "Mankera", "ur": "منکیرہ", "hi": "मनकेरा", "lat": 31.3880, "lng": 71.4400, "children": [
                {"code": "BKR-MNK-MNK", "en": "Mankera", "ur": "منکیرہ", "hi": "मनकेरा", "lat": 31.3915, "lng": 71.4559},
                {"code": "BKR-MNK-HBT", "en": "Haiderabad Thal", "ur": "حیدرآباد تھل", "hi": "हैदराबाद थल", "lat": 31.5300, "lng": 71.3000},
            ]},
        ]},
    ]},
    {"code": "FSD-R", "en": "Faisalabad Region", "ur": "فیصل آباد ریجن", "hi": "फ़ैसलाबाद रीजन", "lat": 31.4584, "lng": 73.1430, "children": [
        {"code": "FSD", "en": "Faisalabad", "ur": "فیصل آباد", "hi": "फ़ैसलाबाद", "lat": 31.4504, "lng": 73.1350, "children": [
            {"code": "FSD-MDT", "en": "Madina Town", "ur": "مدینہ ٹاؤن", "hi": "मदीना टाउन", "lat": 31.4300, "lng": 73.1100, "children": [
                {"code": "FSD-MDT-MDT", "en": "Madina Town", "ur": "مدینہ ٹاؤن", "hi": "मदीना टाउन", "lat": 31.4335, "lng": 73.1259},
                {"code": "FSD-MDT-PPC", "en": "Peoples Colony Faisalabad", "ur": "پیپلز کالونی فیصل آباد", "hi": "पीपल्स कॉलोनी फ़ैसलाबाद", "lat": 31.4400, "lng": 73.0985},
                {"code": "FSD-MDT-GBG", "en": "Gulberg Faisalabad", "ur": "گلبرگ فیصل آباد", "hi": "गुलबर्ग फ़ैसलाबाद", "lat": 31.4165, "lng": 73.1056},
            ]},
            {"code": "FSD-LYP", "en": "Lyallpur", "ur": "لائلپور", "hi": "लायलपुर", "lat": 31.4180, "lng": 73.0790, "children": [
                {"code": "FSD-LYP-KTW", "en": "Kotwali Faisalabad", "ur": "کوتوالی فیصل آباد", "hi": "कोतवाली फ़ैसलाबाद", "lat": 31.4215, "lng": 73.0949},
                {"code": "FSD-LYP-CVL", "en": "Civil Lines Faisalabad", "ur": "سول لائنز فیصل آباد", "hi": "सिविल लाइंस फ़ैसलाबाद", "lat": 31.4316, "lng": 73.0749},
                {"code": "FSD-LYP-RLB", "en": "Rail Bazar", "ur": "ریل بازار", "hi": "रेल बाज़ार", "lat": 31.4145, "lng": 73.0631},
                {"code": "FSD-LYP-JGB", "en": "Jhang Bazar", "ur": "جھنگ بازار", "hi": "झंग बाज़ार", "lat": 31.4044, "lng": 73.0831},
            ]},
            {"code": "FSD-IQB", "en": "Iqbal Town Faisalabad", "ur": "اقبال ٹاؤن فیصل آباد", "hi": "इक़बाल टाउन फ़ैसलाबाद", "lat": 31.3950, "lng": 73.0600, "children": [
                {"code": "FSD-IQB-GMA", "en": "Ghulam Muhammad Abad", "ur": "غلام محمد آباد", "hi": "ग़ुलाम मुहम्मद आबाद", "lat": 31.3985, "lng": 73.0759},
                {"code": "FSD-IQB-SMN", "en": "Samanabad Faisalabad", "ur": "سمن آباد فیصل آباد", "hi": "समनाबाद फ़ैसलाबाद", "lat": 31.4086, "lng": 73.0559},
                {"code": "FSD-IQB-BTC", "en": "Batala Colony", "ur": "بٹالہ کالونی", "hi": "बटाला कॉलोनी", "lat": 31.3915, "lng": 73.0441},
                {"code": "FSD-IQB-MLT", "en": "Millat Town", "ur": "ملت ٹاؤن", "hi": "मिल्लत टाउन", "lat": 31.3814, "lng": 73.0641},
            ]},
            {"code": "FSD-JRW", "en": "Jaranwala", "ur": "جڑانوالہ", "hi": "जड़ांवाला", "lat": 31.3340, "lng": 73.4190, "children": [
                {"code": "FSD-JRW-CTY", "en": "City Jaranwala", "ur": "سٹی جڑانوالہ", "hi": "सिटी जड़ांवाला", "lat": 31.3375, "lng": 73.4349},
                {"code": "FSD-JRW-SDR", "en": "Saddar Jaranwala", "ur": "صدر جڑانوالہ", "hi": "सदर जड़ांवाला", "lat": 31.3440, "lng": 73.4075},
                {"code": "FSD-JRW-KHR", "en": "Khurrianwala", "ur": "کھرڑیانوالہ", "hi": "खरड़ियांवाला", "lat": 31.4990, "lng": 73.2700},
            ]},
            {"code": "FSD-SMD", "en": "Samundri", "ur": "سمندری", "hi": "समुंद्री", "lat": 31.0640, "lng": 72.9530, "children": [
                {"code": "FSD-SMD-CTY", "en": "City Samundri", "ur": "سٹی سمندری", "hi": "सिटी समुंद्री", "lat": 31.0675, "lng": 72.9688},
                {"code": "FSD-SMD-TDW", "en": "Tandlianwala", "ur": "تاندلیانوالہ", "hi": "तांदलियांवाला", "lat": 31.0330, "lng": 73.1320},
                {"code": "FSD-SMD-DJK", "en": "Dijkot", "ur": "ڈجکوٹ", "hi": "डिजकोट", "lat": 31.2170, "lng": 72.9960},
                {"code": "FSD-SMD-CJM", "en": "Chak Jhumra", "ur": "چک جھمرہ", "hi": "चक झुमरा", "lat": 31.5680, "lng": 73.1830},
            ]},
        ]},
        {"code": "JHG", "en": "Jhang", "ur": "جھنگ", "hi": "झंग", "lat": 31.2781, "lng": 72.3317, "children": [
            {"code": "JHG-CTY", "en": "City Jhang", "ur": "سٹی جھنگ", "hi": "सिटी झंग", "lat": 31.2979, "lng": 72.3655, "children": [
                {"code": "JHG-CTY-KTW", "en": "Kotwali Jhang", "ur": "کوتوالی جھنگ", "hi": "कोतवाली झंग", "lat": 31.3014, "lng": 72.3814},
                {"code": "JHG-CTY-STT", "en": "Satellite Town Jhang", "ur": "سیٹلائٹ ٹاؤن جھنگ", "hi": "सैटेलाइट टाउन झंग", "lat": 31.3079, "lng": 72.3541},
                {"code": "JHG-CTY-SDR", "en": "Saddar Jhang", "ur": "صدر جھنگ", "hi": "सदर झंग", "lat": 31.2844, "lng": 72.3611},
            ]},
            {"code": "JHG-SRK", "en": "Shorkot", "ur": "شورکوٹ", "hi": "शोरकोट", "lat": 30.5000, "lng": 72.4000, "children": [
                {"code": "JHG-SRK-CTY", "en": "City Shorkot", "ur": "سٹی شورکوٹ", "hi": "सिटी शोरकोट", "lat": 30.5035, "lng": 72.4157},
                {"code": "JHG-SRK-SDR", "en": "Saddar Shorkot", "ur": "صدر شورکوٹ", "hi": "सदर शोरकोट", "lat": 30.4965, "lng": 72.3843},
            ]},
            {"code": "JHG-APS", "en": "Ahmadpur Sial", "ur": "احمد پور سیال", "hi": "अहमदपुर सियाल", "lat": 30.6780, "lng": 71.7430, "children": [
                {"code": "JHG-APS-APS", "en": "Ahmadpur Sial", "ur": "احمد پور سیال", "hi": "अहमदपुर सियाल", "lat": 30.6815, "lng": 71.7588},
                {"code": "JHG-APS-AHZ", "en": "Athara Hazari", "ur": "اٹھارہ ہزاری", "hi": "अठारह हज़ारी", "lat": 31.1600, "lng": 71.8100},
            ]},
        ]},
        {"code": "TTS", "en": "Toba Tek Singh", "ur": "ٹوبہ ٹیک سنگھ", "hi": "टोबा टेक सिंह", "lat": 30.9709, "lng": 72.4826, "children": [
            {"code": "TTS-CTY", "en": "City Toba Tek Singh", "ur": "سٹی ٹوبہ ٹیک سنگھ", "hi": "सिटी टोबा टेक सिंह", "lat": 30.9907, "lng": 72.5163, "children": [
                {"code": "TTS-CTY-CTY", "en": "City Toba Tek Singh", "ur": "سٹی ٹوبہ ٹیک سنگھ", "hi": "सिटी टोबा टेक सिंह", "lat": 30.9942, "lng": 72.5321},
                {"code": "TTS-CTY-SDR", "en": "Saddar Toba Tek Singh", "ur": "صدر ٹوبہ ٹیک سنگھ", "hi": "सदर टोबा टेक सिंह", "lat": 30.9872, "lng": 72.5005},
            ]},
            {"code": "TTS-GJR", "en": "Gojra", "ur": "گوجرہ", "hi": "गोजरा", "lat": 31.1490, "lng": 72.6860, "children": [
                {"code": "TTS-GJR-CTY", "en": "City Gojra", "ur": "سٹی گوجرہ", "hi": "सिटी गोजरा", "lat": 31.1525, "lng": 72.7018},
                {"code": "TTS-GJR-SDR", "en": "Saddar Gojra", "ur": "صدر گوجرہ", "hi": "सदर गोजरा", "lat": 31.1455, "lng": 72.6702},
            ]},
            {"code": "TTS-KML", "en": "Kamalia", "ur": "کمالیہ", "hi": "कमालिया", "lat": 30.7280, "lng": 72.6460, "children": [
                {"code": "TTS-KML-CTY", "en": "City Kamalia", "ur": "سٹی کمالیہ", "hi": "सिटी कमालिया", "lat": 30.7315, "lng": 72.6618},
                {"code": "TTS-KML-PMH", "en": "Pir Mahal", "ur": "پیر محل", "hi": "पीर महल", "lat": 30.7670, "lng": 72.4360},
            ]},
        ]},
        {"code": "CHN", "en": "Chiniot", "ur": "چنیوٹ", "hi": "चिनियोट", "lat": 31.7200, "lng": 72.9789, "children": [
            {"code": "CHN-CTY", "en": "City Chiniot", "ur": "سٹی چنیوٹ", "hi": "सिटी चिनियोट", "lat": 31.7398, "lng": 73.0129, "children": [
                {"code": "CHN-CTY-CTY", "en": "City Chiniot", "ur": "سٹی چنیوٹ", "hi": "सिटी चिनियोट", "lat": 31.7433, "lng": 73.0289},
                {"code": "CHN-CTY-SDR", "en": "Saddar Chiniot", "ur": "صدر چنیوٹ", "hi": "सदर चिनियोट", "lat": 31.7363, "lng": 72.9969},
            ]},
            {"code": "CHN-LLN", "en": "Lalian", "ur": "لالیاں", "hi": "लालियां", "lat": 31.8240, "lng": 72.8010, "children": [
                {"code": "CHN-LLN-LLN", "en": "Lalian", "ur": "لالیاں", "hi": "लालियां", "lat": 31.8275, "lng": 72.8170},
                {"code": "CHN-LLN-BHW", "en": "Bhowana", "ur": "بھوآنہ", "hi": "भोवाना", "lat": 31.5660, "lng": 72.6470},
            ]},
        ]},
    ]},
    {"code": "SWL-R", "en": "Sahiwal Region", "ur": "ساہیوال ریجن", "hi": "साहीवाल रीजन", "lat": 30.6762, "lng": 73.1194, "children": [
        {"code": "SWL", "en": "Sahiwal", "ur": "ساہیوال", "hi": "साहीवाल", "lat": 30.6682, "lng": 73.1114, "children": [
            {"code": "SWL-CTY", "en": "City Sahiwal", "ur": "سٹی ساہیوال", "hi": "सिटी साहीवाल", "lat": 30.6880, "lng": 73.1450, "children": [
                {"code": "SWL-CTY-CTY", "en": "City Sahiwal", "ur": "سٹی ساہیوال", "hi": "सिटी साहीवाल", "lat": 30.6915, "lng": 73.1608},
                {"code": "SWL-CTY-FRT", "en": "Fareed Town", "ur": "فرید ٹاؤن", "hi": "फ़रीद टाउन", "lat": 30.6980, "lng": 73.1336},
                {"code": "SWL-CTY-GLM", "en": "Ghalla Mandi", "ur": "غلہ منڈی", "hi": "ग़ल्ला मंडी", "lat": 30.6745, "lng": 73.1406},
            ]},
            {"code": "SWL-SDR", "en": "Saddar Sahiwal", "ur": "صدر ساہیوال", "hi": "सदर साहीवाल", "lat": 30.6400, "lng": 73.0500, "children": [
                {"code": "SWL-SDR-SDR", "en": "Saddar Sahiwal", "ur": "صدر ساہیوال", "hi": "सदर साहीवाल", "lat": 30.6435, "lng": 73.0658},
                {"code": "SWL-SDR-YSW", "en": "Yousafwala", "ur": "یوسف والا", "hi": "यूसुफ़वाला", "lat": 30.7000, "lng": 73.2300},
                {"code": "SWL-SDR-NRS", "en": "Noorshah", "ur": "نور شاہ", "hi": "नूर शाह", "lat": 30.6100, "lng": 73.1700},
            ]},
            {"code": "SWL-CCW", "en": "Chichawatni", "ur": "چیچہ وطنی", "hi": "चीचावतनी", "lat": 30.5300, "lng": 72.6910, "children": [
                {"code": "SWL-CCW-CTY", "en": "City Chichawatni", "ur": "سٹی چیچہ وطنی", "hi": "सिटी चीचावतनी", "lat": 30.5335, "lng": 72.7067},
                {"code": "SWL-CCW-SDR", "en": "Saddar Chichawatni", "ur": "صدر چیچہ وطنی", "hi": "सदर चीचावतनी", "lat": 30.5400, "lng": 72.6796},
                {"code": "SWL-CCW-HRP", "en": "Harappa", "ur": "ہڑپہ", "hi": "हड़प्पा", "lat": 30.6290, "lng": 72.8640},
            ]},
        ]},
        {"code": "OKR", "en": "Okara", "ur": "اوکاڑہ", "hi": "ओकाड़ा", "lat": 30.8138, "lng": 73.4534, "children": [
            {"code": "OKR-CTY", "en": "City Okara", "ur": "سٹی اوکاڑہ", "hi": "सिटी ओकाड़ा", "lat": 30.8336, "lng": 73.4870, "children": [
                {"code": "OKR-CTY-ADV", "en": "A-Division Okara", "ur": "اے ڈویژن اوکاڑہ", "hi": "ए डिवीज़न ओकाड़ा", "lat": 30.8371, "lng": 73.5028},
                {"code": "OKR-CTY-BDV", "en": "B-Division Okara", "ur": "بی ڈویژن اوکاڑہ", "hi": "बी डिवीज़न ओकाड़ा", "lat": 30.8436, "lng": 73.4756},
                {"code": "OKR-CTY-SDR", "en": "Saddar Okara", "ur": "صدر اوکاڑہ", "hi": "सदर ओकाड़ा", "lat": 30.8201, "lng": 73.4826},
            ]},
            {"code": "OKR-DPP", "en": "Depalpur", "ur": "دیپالپور", "hi": "दीपालपुर", "lat": 30.6700, "lng": 73.6530, "children": [
                {"code": "OKR-DPP-CTY", "en": "City Depalpur", "ur": "سٹی دیپالپور", "hi": "सिटी दीपालपुर", "lat": 30.6735, "lng": 73.6688},
                {"code": "OKR-DPP-HVL", "en": "Haveli Lakha", "ur": "حویلی لکھا", "hi": "हवेली लखा", "lat": 30.4480, "lng": 73.6960},
                {"code": "OKR-DPP-BSP", "en": "Basirpur", "ur": "بصیرپور", "hi": "बसीरपुर", "lat": 30.5780, "lng": 73.8390},
                {"code": "OKR-DPP-HSM", "en": "Hujra Shah Muqeem", "ur": "حجرہ شاہ مقیم", "hi": "हुजरा शाह मुक़ीम", "lat": 30.7390, "lng": 73.8210},
            ]},
            {"code": "OKR-RNK", "en": "Renala Khurd", "ur": "رینالہ خورد", "hi": "रेनाला ख़ुर्द", "lat": 30.8790, "lng": 73.5980, "children": [
                {"code": "OKR-RNK-CTY", "en": "City Renala Khurd", "ur": "سٹی رینالہ خورد", "hi": "सिटी रेनाला ख़ुर्द", "lat": 30.8825, "lng": 73.6138},
                {"code": "OKR-RNK-SDR", "en": "Saddar Renala Khurd", "ur": "صدر رینالہ خورد", "hi": "सदर रेनाला ख़ुर्द", "lat": 30.8755, "lng": 73.5822},
            ]},
        ]},
        {"code": "PKP", "en": "Pakpattan", "ur": "پاکپتن", "hi": "पाकपत्तन", "lat": 30.3495, "lng": 73.3827, "children": [
            {"code": "PKP-CTY", "en": "City Pakpattan", "ur": "سٹی پاکپتن", "hi": "सिटी पाकपत्तन", "lat": 30.3693, "lng": 73.4162, "children": [
                {"code": "PKP-CTY-CTY", "en": "City Pakpattan", "ur": "سٹی پاکپتن", "hi": "सिटी पाकपत्तन", "lat": 30.3728, "lng": 73.4319},
                {"code": "PKP-CTY-SDR", "en": "Saddar Pakpattan", "ur": "صدر پاکپتن", "hi": "सदर पाकपत्तन", "lat": 30.3658, "lng": 73.4005},
            ]},
            {"code": "PKP-ARW", "en": "Arifwala", "ur": "عارف والا", "hi": "आरिफ़वाला", "lat": 30.2910, "lng": 73.0660, "children": [
                {"code": "PKP-ARW-CTY", "en": "City Arifwala", "ur": "سٹی عارف والا", "hi": "सिटी आरिफ़वाला", "lat": 30.2945, "lng": 73.0817},
                {"code": "PKP-ARW-SDR", "en": "Saddar Arifwala", "ur": "صدر عارف والا", "hi": "सदर आरिफ़वाला", "lat": 30.3010, "lng": 73.0547},
                {"code": "PKP-ARW-QBL", "en": "Qaboola", "ur": "قبولہ", "hi": "क़बूला", "lat": 30.2800, "lng": 73.2200},
            ]},
        ]},
    ]},
    {"code": "MLN-R", "en": "Multan Region", "ur": "ملتان ریجن", "hi": "मुल्तान रीजन", "lat": 30.1655, "lng": 71.5329, "children": [
        {"code": "MLN", "en": "Multan", "ur": "ملتان", "hi": "मुल्तान", "lat": 30.1575, "lng": 71.5249, "children": [
            {"code": "MLN-CNT", "en": "Cantt Multan", "ur": "کینٹ ملتان", "hi": "कैंट मुल्तान", "lat": 30.1900, "lng": 71.4500, "children": [
                {"code": "MLN-CNT-CNT", "en": "Cantt Multan", "ur": "کینٹ ملتان", "hi": "कैंट मुल्तान", "lat": 30.1935, "lng": 71.4657},
                {"code": "MLN-CNT-GLG", "en": "Gulgasht", "ur": "گلگشت", "hi": "गुलगश्त", "lat": 30.2000, "lng": 71.4387},
                {"code": "MLN-CNT-NML", "en": "New Multan", "ur": "نیو ملتان", "hi": "न्यू मुल्तान", "lat": 30.1765, "lng": 71.4456},
            ]},
            {"code": "MLN-CTY", "en": "City Multan", "ur": "سٹی ملتان", "hi": "सिटी मुल्तान", "lat": 30.1980, "lng": 71.4750, "children": [
                {"code": "MLN-CTY-KTW", "en": "Kotwali Multan", "ur": "کوتوالی ملتان", "hi": "कोतवाली मुल्तान", "lat": 30.2015, "lng": 71.4907},
                {"code": "MLN-CTY-HSA", "en": "Hussain Agahi", "ur": "حسین آگاہی", "hi": "हुसैन आगाही", "lat": 30.2116, "lng": 71.4710},
                {"code": "MLN-CTY-DLG", "en": "Delhi Gate", "ur": "دہلی گیٹ", "hi": "दिल्ली गेट", "lat": 30.1945, "lng": 71.4593},
                {"code": "MLN-CTY-HRG", "en": "Haram Gate", "ur": "حرم گیٹ", "hi": "हरम गेट", "lat": 30.1844, "lng": 71.4790},
            ]},
            {"code": "MLN-MMZ", "en": "Mumtazabad", "ur": "ممتاز آباد", "hi": "मुमताज़ाबाद", "lat": 30.1650, "lng": 71.4950, "children": [
                {"code": "MLN-MMZ-MMZ", "en": "Mumtazabad", "ur": "ممتاز آباد", "hi": "मुमताज़ाबाद", "lat": 30.1685, "lng": 71.5107},
                {"code": "MLN-MMZ-SRA", "en": "Shah Rukn-e-Alam", "ur": "شاہ رکن عالم", "hi": "शाह रुक्न-ए-आलम", "lat": 30.1786, "lng": 71.4910},
                {"code": "MLN-MMZ-STM", "en": "Sitalmari", "ur": "سیتل ماڑی", "hi": "सीतल माड़ी", "lat": 30.1615, "lng": 71.4793},
                {"code": "MLN-MMZ-MZB", "en": "Muzaffarabad", "ur": "مظفر آباد", "hi": "मुज़फ़्फ़राबाद", "lat": 30.1514, "lng": 71.4990},
            ]},
            {"code": "MLN-SJB", "en": "Shujabad", "ur": "شجاع آباد", "hi": "शुजाआबाद", "lat": 29.8800, "lng": 71.2950, "children": [
                {"code": "MLN-SJB-CTY", "en": "City Shujabad", "ur": "سٹی شجاع آباد", "hi": "सिटी शुजाआबाद", "lat": 29.8835, "lng": 71.3106},
                {"code": "MLN-SJB-SDR", "en": "Saddar Shujabad", "ur": "صدر شجاع آباد", "hi": "सदर शुजाआबाद", "lat": 29.8900, "lng": 71.2837},
                {"code": "MLN-SJB-JPP", "en": "Jalalpur Pirwala", "ur": "جلال پور پیروالا", "hi": "जलालपुर पीरवाला", "lat": 29.5050, "lng": 71.2220},
            ]},
        ]},
        {"code": "KWL", "en": "Khanewal", "ur": "خانیوال", "hi": "ख़ानेवाल", "lat": 30.3017, "lng": 71.9321, "children": [
            {"code": "KWL-CTY", "en": "City Khanewal", "ur": "سٹی خانیوال", "hi": "सिटी ख़ानेवाल", "lat": 30.3215, "lng": 71.9656, "children": [
                {"code": "KWL-CTY-CTY", "en": "City Khanewal", "ur": "سٹی خانیوال", "hi": "सिटी ख़ानेवाल", "lat": 30.3250, "lng": 71.9813},
                {"code": "KWL-CTY-SDR", "en": "Saddar Khanewal", "ur": "صدر خانیوال", "hi": "सदर ख़ानेवाल", "lat": 30.3315, "lng": 71.9543},
                {"code": "KWL-CTY-JHN", "en": "Jahanian", "ur": "جہانیاں", "hi": "जहानियां", "lat": 30.0320, "lng": 71.8100},
            ]},
            {"code": "KWL-MCN", "en": "Mian Channu", "ur": "میاں چنوں", "hi": "मियां चन्नूं", "lat": 30.4400, "lng": 72.3540, "children": [
                {"code": "KWL-MCN-CTY", "en": "City Mian Channu", "ur": "سٹی میاں چنوں", "hi": "सिटी मियां चन्नूं", "lat": 30.4435, "lng": 72.3697},
                {"code": "KWL-MCN-SDR", "en": "Saddar Mian Channu", "ur": "صدر میاں چنوں", "hi": "सदर मियां चन्नूं", "lat": 30.4500, "lng": 72.3427},
                {"code": "KWL-MCN-TLB", "en": "Tulamba", "ur": "تلمبہ", "hi": "तुलम्बा", "lat": 30.5230, "lng": 72.2390},
            ]},
            {"code": "KWL-KBW", "en": "Kabirwala", "ur": "کبیروالا", "hi": "कबीरवाला", "lat": 30.4040, "lng": 71.8660, "children": [
                {"code": "KWL-KBW-CTY", "en": "City Kabirwala", "ur": "سٹی کبیروالا", "hi": "सिटी कबीरवाला", "lat": 30.4075, "lng": 71.8817},
                {"code": "KWL-KBW-SDR", "en": "Saddar Kabirwala", "ur": "صدر کبیروالا", "hi": "सदर कबीरवाला", "lat": 30.4140, "lng": 71.8547},
                {"code": "KWL-KBW-ABH", "en": "Abdul Hakim", "ur": "عبدالحکیم", "hi": "अब्दुल हकीम", "lat": 30.5520, "lng": 72.1270},
            ]},
        ]},
        {"code": "VHR", "en": "Vehari", "ur": "وہاڑی", "hi": "वेहाड़ी", "lat": 30.0452, "lng": 72.3489, "children": [
            {"code": "VHR-CTY", "en": "City Vehari", "ur": "سٹی وہاڑی", "hi": "सिटी वेहाड़ी", "lat": 30.0650, "lng": 72.3823, "children": [
                {"code": "VHR-CTY-CTY", "en": "City Vehari", "ur": "سٹی وہاڑی", "hi": "सिटी वेहाड़ी", "lat": 30.0685, "lng": 72.3980},
                {"code": "VHR-CTY-SDR", "en": "Saddar Vehari", "ur": "صدر وہاڑی", "hi": "सदर वेहाड़ी", "lat": 30.0615, "lng": 72.3666},
            ]},
            {"code": "VHR-BRW", "en": "Burewala", "ur": "بورے والا", "hi": "बूरेवाला", "lat": 30.1600, "lng": 72.6850, "children": [
                {"code": "VHR-BRW-CTY", "en": "City Burewala", "ur": "سٹی بورے والا", "hi": "सिटी बूरेवाला", "lat": 30.1635, "lng": 72.7007},
                {"code": "VHR-BRW-SDR", "en": "Saddar Burewala", "ur": "صدر بورے والا", "hi": "सदर बूरेवाला", "lat": 30.1700, "lng": 72.6737},
                {"code": "VHR-BRW-GGM", "en": "Gaggo Mandi", "ur": "گگو منڈی", "hi": "गग्गो मंडी", "lat": 30.1800, "lng": 72.5900},
            ]},
            {"code": "VHR-MLS", "en": "Mailsi", "ur": "میلسی", "hi": "मैलसी", "lat": 29.8010, "lng": 72.1730, "children": [
                {"code": "VHR-MLS-CTY", "en": "City Mailsi", "ur": "سٹی میلسی", "hi": "सिटी मैलसी", "lat": 29.8045, "lng": 72.1886},
                {"code": "VHR-MLS-SDR", "en": "Saddar Mailsi", "ur": "صدر میلسی", "hi": "सदर मैलसी", "lat": 29.8110, "lng": 72.1617},
                {"code": "VHR-MLS-TBS", "en": "Tibba Sultanpur", "ur": "ٹبہ سلطان پور", "hi": "टिब्बा सुल्तानपुर", "lat": 29.9500, "lng": 72.2200},
            ]},
        ]},
        {"code": "LDN", "en": "Lodhran", "ur": "لودھراں", "hi": "लोधरां", "lat": 29.5339, "lng": 71.6324, "children": [
            {"code": "LDN-CTY", "en": "City Lodhran", "ur": "سٹی لودھراں", "hi": "सिटी लोधरां", "lat": 29.5537, "lng": 71.6656, "children": [
                {"code": "LDN-CTY-CTY", "en": "City Lodhran", "ur": "سٹی لودھراں", "hi": "सिटी लोधरां", "lat": 29.5572, "lng": 71.6812},
                {"code": "LDN-CTY-SDR", "en": "Saddar Lodhran", "ur": "صدر لودھراں", "hi": "सदर लोधरां", "lat": 29.5502, "lng": 71.6500},
            ]},
            {"code": "LDN-DNP", "en": "Dunyapur", "ur": "دنیاپور", "hi": "दुनियापुर", "lat": 29.8030, "lng": 71.7410, "children": [
                {"code": "LDN-DNP-DNP", "en": "Dunyapur", "ur": "دنیاپور", "hi": "दुनियापुर", "lat": 29.8065, "lng": 71.7566},
                {"code": "LDN-DNP-KRP", "en": "Kahror Pacca", "ur": "کہروڑ پکا", "hi": "कहरोड़ पक्का", "lat": 29.6230, "lng": 71.9160},
            ]},
        ]},
    ]},
    {"code": "BWP-R", "en": "Bahawalpur Region", "ur": "بہاولپور ریجن", "hi": "बहावलपुर रीजन", "lat": 29.4036, "lng": 71.6916, "children": [
        {"code": "BWP", "en": "Bahawalpur", "ur": "بہاولپور", "hi": "बहावलपुर", "lat": 29.3956, "lng": 71.6836, "children": [
            {"code": "BWP-CTY", "en": "City Bahawalpur", "ur": "سٹی بہاولپور", "hi": "सिटी बहावलपुर", "lat": 29.4154, "lng": 71.7168, "children": [
                {"code": "BWP-CTY-CVL", "en": "Civil Lines Bahawalpur", "ur": "سول لائنز بہاولپور", "hi": "सिविल लाइंस बहावलपुर", "lat": 29.4189, "lng": 71.7324},
                {"code": "BWP-CTY-CNT", "en": "Cantt Bahawalpur", "ur": "کینٹ بہاولپور", "hi": "कैंट बहावलपुर", "lat": 29.4290, "lng": 71.7128},
                {"code": "BWP-CTY-BUJ", "en": "Baghdad-ul-Jadeed", "ur": "بغداد الجدید", "hi": "बग़दाद-उल-जदीद", "lat": 29.4119, "lng": 71.7012},
                {"code": "BWP-CTY-MDT", "en": "Model Town Bahawalpur", "ur": "ماڈل ٹاؤن بہاولپور", "hi": "मॉडल टाउन बहावलपुर", "lat": 29.4018, "lng": 71.7208},
            ]},
            {"code": "BWP-APE", "en": "Ahmadpur East", "ur": "احمد پور شرقیہ", "hi": "अहमदपुर शर्क़िया", "lat": 29.1430, "lng": 71.2580, "children": [
                {"code": "BWP-APE-CTY", "en": "City Ahmadpur East", "ur": "سٹی احمد پور شرقیہ", "hi": "सिटी अहमदपुर शर्क़िया", "lat": 29.1465, "lng": 71.2735},
                {"code": "BWP-APE-SDR", "en": "Saddar Ahmadpur East", "ur": "صدر احمد پور شرقیہ", "hi": "सदर अहमदपुर शर्क़िया", "lat": 29.1530, "lng": 71.2468},
                {"code": "BWP-APE-UCH", "en": "Uch Sharif", "ur": "اوچ شریف", "hi": "उच शरीफ़", "lat": 29.2360, "lng": 71.0630},
            ]},
            {"code": "BWP-HSP", "en": "Hasilpur", "ur": "حاصل پور", "hi": "हासिलपुर", "lat": 29.6920, "lng": 72.5460, "children": [
                {"code": "BWP-HSP-CTY", "en": "City Hasilpur", "ur": "سٹی حاصل پور", "hi": "सिटी हासिलपुर", "lat": 29.6955, "lng": 72.5616},
                {"code": "BWP-HSP-KPT", "en": "Khairpur Tamewali", "ur": "خیرپور ٹامیوالی", "hi": "ख़ैरपुर टामेवाली", "lat": 29.5800, "lng": 72.2370},
                {"code": "BWP-HSP-YZM", "en": "Yazman", "ur": "یزمان", "hi": "यज़मान", "lat": 29.1210, "lng": 71.7440},
            ]},
        ]},
        {"code": "BWN", "en": "Bahawalnagar", "ur": "بہاولنگر", "hi": "बहावलनगर", "lat": 29.9987, "lng": 73.2536, "children": [
            {"code": "BWN-CTY", "en": "City Bahawalnagar", "ur": "سٹی بہاولنگر", "hi": "सिटी बहावलनगर", "lat": 30.0185, "lng": 73.2870, "children": [
                {"code": "BWN-CTY-CTY", "en": "City Bahawalnagar", "ur": "سٹی بہاولنگر", "hi": "सिटी बहावलनगर", "lat": 30.0220, "lng": 73.3027},
                {"code": "BWN-CTY-SDR", "en": "Saddar Bahawalnagar", "ur": "صدر بہاولنگر", "hi": "सदर बहावलनगर", "lat": 30.0285, "lng": 73.2757},
                {"code": "BWN-CTY-MCB", "en": "Minchinabad", "ur": "منچن آباد", "hi": "मिंचिनाबाद", "lat": 30.1630, "lng": 73.5690},
            ]},
            {"code": "BWN-CST", "en": "Chishtian", "ur": "چشتیاں", "hi": "चिश्तियां", "lat": 29.7970, "lng": 72.8580, "children": [
                {"code": "BWN-CST-CTY", "en": "City Chishtian", "ur": "سٹی چشتیاں", "hi": "सिटी चिश्तियां", "lat": 29.8005, "lng": 72.8736},
                {"code": "BWN-CST-SDR", "en": "Saddar Chishtian", "ur": "صدر چشتیاں", "hi": "सदर चिश्तियां", "lat": 29.7935, "lng": 72.8424},
            ]},
            {"code": "BWN-HRB", "en": "Haroonabad", "ur": "ہارون آباد", "hi": "हारूनाबाद", "lat": 29.6100, "lng": 73.1380, "children": [
                {"code": "BWN-HRB-CTY", "en": "City Haroonabad", "ur": "سٹی ہارون آباد", "hi": "सिटी हारूनाबाद", "lat": 29.6135, "lng": 73.1536},
                {"code": "BWN-HRB-FTA", "en": "Fort Abbas", "ur": "فورٹ عباس", "hi": "फ़ोर्ट अब्बास", "lat": 29.1920, "lng": 72.8560},
            ]},
        ]},
        {"code": "RYK", "en": "Rahim Yar Khan", "ur": "رحیم یار خان", "hi": "रहीम यार ख़ान", "lat": 28.4202, "lng": 70.2952, "children": [
            {"code": "RYK-CTY", "en": "City Rahim Yar Khan", "ur": "سٹی رحیم یار خان", "hi": "सिटी रहीम यार ख़ान", "lat": 28.4400, "lng": 70.3280, "children": [
                {"code": "RYK-CTY-ADV", "en": "A-Division Rahim Yar Khan", "ur": "اے ڈویژن رحیم یار خان", "hi": "ए डिवीज़न रहीम यार ख़ान", "lat": 28.4435, "lng": 70.3434},
                {"code": "RYK-CTY-BDV", "en": "B-Division Rahim Yar Khan", "ur": "بی ڈویژن رحیم یار خان", "hi": "बी डिवीज़न रहीम यार ख़ान", "lat": 28.4500, "lng": 70.3169},
                {"code": "RYK-CTY-SDR", "en": "Saddar Rahim Yar Khan", "ur": "صدر رحیم یار خان", "hi": "सदर रहीम यार ख़ान", "lat": 28.4265, "lng": 70.3237},
            ]},
            {"code": "RYK-SDQ", "en": "Sadiqabad", "ur": "صادق آباد", "hi": "सादिक़ाबाद", "lat": 28.3090, "lng": 70.1300, "children": [
                {"code": "RYK-SDQ-CTY", "en": "City Sadiqabad", "ur": "سٹی صادق آباد", "hi": "सिटी सादिक़ाबाद", "lat": 28.3125, "lng": 70.1454},
                {"code": "RYK-SDQ-SDR", "en": "Saddar Sadiqabad", "ur": "صدر صادق آباد", "hi": "सदर सादिक़ाबाद", "lat": 28.3055, "lng": 70.1146},
            ]},
            {"code": "RYK-KNP", "en": "Khanpur", "ur": "خان پور", "hi": "ख़ानपुर", "lat": 28.6450, "lng": 70.6570, "children": [
                {"code": "RYK-KNP-CTY", "en": "City Khanpur", "ur": "سٹی خان پور", "hi": "सिटी ख़ानपुर", "lat": 28.6485, "lng": 70.6725},
                {"code": "RYK-KNP-SDR", "en": "Saddar Khanpur", "ur": "صدر خان پور", "hi": "सदर ख़ानपुर", "lat": 28.6550, "lng": 70.6459},
                {"code": "RYK-KNP-LQP", "en": "Liaquatpur", "ur": "لیاقت پور", "hi": "लियाक़तपुर", "lat": 28.9310, "lng": 70.9500},
            ]},
        ]},
    ]},
    {"code": "DGK-R", "en": "Dera Ghazi Khan Region", "ur": "ڈیرہ غازی خان ریجن", "hi": "डेरा ग़ाज़ी ख़ान रीजन", "lat": 30.0539, "lng": 70.6483, "children": [
        {"code": "DGK", "en": "Dera Ghazi Khan", "ur": "ڈیرہ غازی خان", "hi": "डेरा ग़ाज़ी ख़ान", "lat": 30.0459, "lng": 70.6403, "children": [
            {"code": "DGK-CTY", "en": "City Dera Ghazi Khan", "ur": "سٹی ڈیرہ غازی خان", "hi": "सिटी डेरा ग़ाज़ी ख़ान", "lat": 30.0657, "lng": 70.6737, "children": [
                {"code": "DGK-CTY-CTY", "en": "City Dera Ghazi Khan", "ur": "سٹی ڈیرہ غازی خان", "hi": "सिटी डेरा ग़ाज़ी ख़ान", "lat": 30.0692, "lng": 70.6894},
                {"code": "DGK-CTY-CVL", "en": "Civil Lines Dera Ghazi Khan", "ur": "سول لائنز ڈیرہ غازی خان", "hi": "सिविल लाइंस डेरा ग़ाज़ी ख़ान", "lat": 30.0793, "lng": 70.6697},
                {"code": "DGK-CTY-SDR", "en": "Saddar Dera Ghazi Khan", "ur": "صدر ڈیرہ غازی خان", "hi": "सदर डेरा ग़ाज़ी ख़ान", "lat": 30.0622, "lng": 70.6580},
                {"code": "DGK-CTY-GDI", "en": "Gadai", "ur": "گدائی", "hi": "गदाई", "lat": 30.0521, "lng": 70.6777},
            ]},
            {"code": "DGK-TNS", "en": "Taunsa", "ur": "تونسہ", "hi": "तौंसा", "lat": 30.7040, "lng": 70.6500, "children": [
                {"code": "DGK-TNS-TNS", "en": "Taunsa", "ur": "تونسہ", "hi": "तौंसा", "lat": 30.7075, "lng": 70.6658},
                {"code": "DGK-TNS-VHV", "en": "Vehova", "ur": "ویہوا", "hi": "वेहोवा", "lat": 31.1200, "lng": 70.5000},
            ]},
            {"code": "DGK-KTC", "en": "Kot Chutta", "ur": "کوٹ چھٹہ", "hi": "कोट छुट्टा", "lat": 29.8920, "lng": 70.6500, "children": [
                {"code": "DGK-KTC-KTC", "en": "Kot Chutta", "ur": "کوٹ چھٹہ", "hi": "कोट छुट्टा", "lat": 29.8955, "lng": 70.6656},
                {"code": "DGK-KTC-CHT", "en": "Choti", "ur": "چوٹی", "hi": "चोटी", "lat": 29.8800, "lng": 70.3200},
            ]},
        ]},
        {"code": "RJP", "en": "Rajanpur", "ur": "راجن پور", "hi": "राजनपुर", "lat": 29.1044, "lng": 70.3301, "children": [
            {"code": "RJP-CTY", "en": "City Rajanpur", "ur": "سٹی راجن پور", "hi": "सिटी राजनपुर", "lat": 29.1242, "lng": 70.3632, "children": [
                {"code": "RJP-CTY-CTY", "en": "City Rajanpur", "ur": "سٹی راجن پور", "hi": "सिटी राजनपुर", "lat": 29.1277, "lng": 70.3787},
                {"code": "RJP-CTY-SDR", "en": "Saddar Rajanpur", "ur": "صدر راجن پور", "hi": "सदर राजनपुर", "lat": 29.1207, "lng": 70.3477},
            ]},
            {"code": "RJP-JMP", "en": "Jampur", "ur": "جام پور", "hi": "जामपुर", "lat": 29.6420, "lng": 70.5950, "children": [
                {"code": "RJP-JMP-CTY", "en": "City Jampur", "ur": "سٹی جام پور", "hi": "सिटी जामपुर", "lat": 29.6455, "lng": 70.6106},
                {"code": "RJP-JMP-SDR", "en": "Saddar Jampur", "ur": "صدر جام پور", "hi": "सदर जामपुर", "lat": 29.6520, "lng": 70.5837},
                {"code": "RJP-JMP-DJL", "en": "Dajal", "ur": "داجل", "hi": "दाजल", "lat": 29.5560, "lng": 70.3760},
            ]},
            {"code": "RJP-RJH", "en": "Rojhan", "ur": "روجھان", "hi": "रोझान", "lat": 28.6870, "lng": 69.9530, "children": [
                {"code": "RJP-RJH-RJH", "en": "Rojhan", "ur": "روجھان", "hi": "रोझान", "lat": 28.6905, "lng": 69.9685},
                {"code": "RJP-RJH-KTM", "en": "Kot Mithan", "ur": "کوٹ مٹھن", "hi": "कोट मिठ्ठन", "lat": 28.9530, "lng": 70.3660},
            ]},
        ]},
        {"code": "MZG", "en": "Muzaffargarh", "ur": "مظفر گڑھ", "hi": "मुज़फ़्फ़रगढ़", "lat": 30.0736, "lng": 71.1805, "children": [
            {"code": "MZG-CTY", "en": "City Muzaffargarh", "ur": "سٹی مظفر گڑھ", "hi": "सिटी मुज़फ़्फ़रगढ़", "lat": 30.0934, "lng": 71.2139, "children": [
                {"code": "MZG-CTY-CTY", "en": "City Muzaffargarh", "ur": "سٹی مظفر گڑھ", "hi": "सिटी मुज़फ़्फ़रगढ़", "lat": 30.0969, "lng": 71.2296},
                {"code": "MZG-CTY-SDR", "en": "Saddar Muzaffargarh", "ur": "صدر مظفر گڑھ", "hi": "सदर मुज़फ़्फ़रगढ़", "lat": 30.1034, "lng": 71.2026},
                {"code": "MZG-CTY-KGH", "en": "Khangarh", "ur": "خان گڑھ", "hi": "ख़ानगढ़", "lat": 29.9150, "lng": 71.1600},
            ]},
            {"code": "MZG-ALP", "en": "Alipur", "ur": "علی پور", "hi": "अलीपुर", "lat": 29.3820, "lng": 70.9110, "children": [
                {"code": "MZG-ALP-ALP", "en": "Alipur", "ur": "علی پور", "hi": "अलीपुर", "lat": 29.3855, "lng": 70.9266},
                {"code": "MZG-ALP-JTI", "en": "Jatoi", "ur": "جتوئی", "hi": "जतोई", "lat": 29.5180, "lng": 70.8450},
            ]},
            {"code": "MZG-KAD", "en": "Kot Addu", "ur": "کوٹ ادو", "hi": "कोट अद्दू", "lat": 30.4690, "lng": 70.9670, "children": [
                {"code": "MZG-KAD-CTY", "en": "City Kot Addu", "ur": "سٹی کوٹ ادو", "hi": "सिटी कोट अद्दू", "lat": 30.4725, "lng": 70.9827},
                {"code": "MZG-KAD-SDR", "en": "Saddar Kot Addu", "ur": "صدر کوٹ ادو", "hi": "सदर कोट अद्दू", "lat": 30.4790, "lng": 70.9557},
                {"code": "MZG-KAD-DDP", "en": "Daira Din Panah", "ur": "دائرہ دین پناہ", "hi": "दायरा दीन पनाह", "lat": 30.5700, "lng": 70.9370},
            ]},
        ]},
        {"code": "LYH", "en": "Layyah", "ur": "لیہ", "hi": "लैय्या", "lat": 30.9693, "lng": 70.9428, "children": [
            {"code": "LYH-CTY", "en": "City Layyah", "ur": "سٹی لیہ", "hi": "सिटी लैय्या", "lat": 30.9891, "lng": 70.9765, "children": [
                {"code": "LYH-CTY-CTY", "en": "City Layyah", "ur": "سٹی لیہ", "hi": "सिटी लैय्या", "lat": 30.9926, "lng": 70.9923},
                {"code": "LYH-CTY-SDR", "en": "Saddar Layyah", "ur": "صدر لیہ", "hi": "सदर लैय्या", "lat": 30.9856, "lng": 70.9607},
            ]},
            {"code": "LYH-KLE", "en": "Karor Lal Esan", "ur": "کروڑ لعل عیسن", "hi": "करोड़ लाल ईसन", "lat": 31.2250, "lng": 70.9510, "children": [
                {"code": "LYH-KLE-KLE", "en": "Karor Lal Esan", "ur": "کروڑ لعل عیسن", "hi": "करोड़ लाल ईसन", "lat": 31.2285, "lng": 70.9669},
                {"code": "LYH-KLE-FTP", "en": "Fatehpur", "ur": "فتح پور", "hi": "फ़तेहपुर", "lat": 31.1800, "lng": 71.1900},
            ]},
            {"code": "LYH-CKA", "en": "Chowk Azam", "ur": "چوک اعظم", "hi": "चौक आज़म", "lat": 30.9680, "lng": 71.2140, "children": [
                {"code": "LYH-CKA-CKA", "en": "Chowk Azam", "ur": "چوک اعظم", "hi": "चौक आज़म", "lat": 30.9715, "lng": 71.2298},
                {"code": "LYH-CKA-CBR", "en": "Chaubara", "ur": "چوبارہ", "hi": "चौबारा", "lat": 31.0800, "lng": 71.4800},
            ]},
        ]},
    ]},
]}
