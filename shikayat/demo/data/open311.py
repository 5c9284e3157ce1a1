"""Open311 service attributes: what a city app asks beyond the description, per complaint category (the spec's
service definitions). Each answer becomes a line of the complaint's description, labelled with `description`.
(code, datatype, required, (en, ur, hi) description, (en, ur, hi) datatype description, values).
Values: (key, en, ur, hi)."""

MAKES = [
    ("honda", "Honda", "ہونڈا", "होंडा"), ("suzuki", "Suzuki", "سوزوکی", "सुज़ुकी"),
    ("toyota", "Toyota", "ٹویوٹا", "टोयोटा"), ("yamaha", "Yamaha", "یاماہا", "यामाहा"),
    ("hero", "Hero", "ہیرو", "हीरो"), ("bajaj", "Bajaj", "بجاج", "बजाज"), ("tvs", "TVS", "ٹی وی ایس", "टीवीएस"),
    ("united", "United", "یونائیٹڈ", "यूनाइटेड"), ("other", "Other", "دیگر", "अन्य"),
]

ATTRIBUTES = {
    "CRIME-VEHICLE-THEFT": [
        ("vehicle_type", "singlevaluelist", True, ("Vehicle", "گاڑی کی قسم", "वाहन का प्रकार"), ("", "", ""),
         [("motorcycle", "Motorcycle", "موٹر سائیکل", "मोटरसाइकिल"), ("car", "Car", "کار", "कार"),
          ("rickshaw", "Rickshaw", "رکشہ", "रिक्शा"), ("other", "Other", "دیگر", "अन्य")]),
        ("registration_number", "string", True, ("Registration number", "رجسٹریشن نمبر", "पंजीकरण संख्या"),
         ("As on the registration book, e.g. LEA-1234", "رجسٹریشن بک کے مطابق، مثلاً LEA-1234",
          "आरसी के अनुसार, जैसे UP32 AB 1234"), []),
        ("make", "singlevaluelist", False, ("Make", "کمپنی", "कंपनी"), ("", "", ""), MAKES),
        ("colour", "string", False, ("Colour", "رنگ", "रंग"), ("", "", ""), []),
        ("chassis_number", "string", False, ("Chassis number", "چیسس نمبر", "चेसिस संख्या"), ("", "", ""), []),
    ],
    "CRIME-THEFT": [
        ("stolen_items", "multivaluelist", False, ("What was stolen", "کیا چوری ہوا", "क्या चोरी हुआ"), ("", "", ""),
         [("mobile_phone", "Mobile phone", "موبائل فون", "मोबाइल फ़ोन"), ("cash", "Cash", "نقدی", "नक़दी"),
          ("jewellery", "Jewellery", "زیورات", "गहने"), ("documents", "Documents", "کاغذات", "दस्तावेज़"),
          ("other", "Other", "دیگر", "अन्य")]),
        ("imei", "string", False, ("IMEI of the stolen mobile phone", "چوری شدہ موبائل فون کا IMEI نمبر",
                                   "चोरी हुए मोबाइल फ़ोन का IMEI नंबर"),
         ("15 digits, on the box or by dialling *#06#", "15 ہندسے، ڈبے پر لکھے ہوتے ہیں یا *#06# ملانے سے",
          "15 अंक, डिब्बे पर लिखे होते हैं या *#06# डायल करने पर"), []),
    ],
    "CRIME-ROBBERY": [
        ("imei", "string", False, ("IMEI of the snatched mobile phone", "چھینے گئے موبائل فون کا IMEI نمبر",
                                   "छीने गए मोबाइल फ़ोन का IMEI नंबर"),
         ("15 digits, on the box or by dialling *#06#", "15 ہندسے، ڈبے پر لکھے ہوتے ہیں یا *#06# ملانے سے",
          "15 अंक, डिब्बे पर लिखे होते हैं या *#06# डायल करने पर"), []),
        ("armed", "singlevaluelist", False, ("Were the robbers armed?", "کیا ملزمان مسلح تھے؟",
                                             "क्या आरोपी हथियारबंद थे?"), ("", "", ""),
         [("yes", "Yes", "ہاں", "हाँ"), ("no", "No", "نہیں", "नहीं"), ("unknown", "Not sure", "معلوم نہیں", "पता नहीं")]),
    ],
    "CRIME-CYBER": [
        ("amount_lost", "number", False, ("Amount lost (rupees)", "نقصان کی رقم (روپے)", "गँवाई गई रक़म (रुपये)"),
         ("A number, e.g. 95000", "صرف ہندسے، مثلاً 95000", "केवल अंक, जैसे 95000"), []),
        ("platform", "singlevaluelist", False, ("Where it happened", "واردات کہاں ہوئی", "घटना कहाँ हुई"),
         ("", "", ""),
         [("phone_call", "Phone call", "فون کال", "फ़ोन कॉल"), ("sms", "SMS", "ایس ایم ایس", "एसएमएस"),
          ("whatsapp", "WhatsApp", "واٹس ایپ", "व्हाट्सऐप"), ("facebook", "Facebook", "فیس بک", "फ़ेसबुक"),
          ("bank_app", "Bank app or website", "بینک ایپ یا ویب سائٹ", "बैंक ऐप या वेबसाइट"),
          ("other", "Other", "دیگر", "अन्य")]),
    ],
    "CRIME-FRAUD": [
        ("amount_lost", "number", False, ("Amount lost (rupees)", "نقصان کی رقم (روپے)", "गँवाई गई रक़म (रुपये)"),
         ("A number, e.g. 200000", "صرف ہندسے، مثلاً 200000", "केवल अंक, जैसे 200000"), []),
    ],
    "SVC-TRAFFIC": [
        ("vehicle_number", "string", False, ("Vehicle number, if any", "گاڑی کا نمبر، اگر معلوم ہو",
                                             "वाहन संख्या, यदि पता हो"), ("", "", ""), []),
    ],
    "SVC-NO-RESPONSE": [
        ("called_at", "datetime", False, ("When you called the police", "آپ نے پولیس کو کب کال کی",
                                          "आपने पुलिस को कब फ़ोन किया"),
         ("Date and time, e.g. 2026-11-23T14:30:00+05:00", "تاریخ اور وقت، مثلاً 2026-11-23T14:30:00+05:00",
          "तारीख़ और समय, जैसे 2026-11-23T14:30:00+05:30"), []),
    ],
}
