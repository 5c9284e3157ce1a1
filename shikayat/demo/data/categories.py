"""Complaint categories with SOPs modelled on the seeds: contact the
complainant within 8 hours; reports in 24 h (urgent), 72 h (ordinary crime)
or 14 days (service matters). Names in English, Urdu and Hindi."""


def sop(contact, report, min_rank="SI", anonymous=False, confidential=False, escalation=None):
    return {"contact_hours": contact, "report_hours": report, "min_rank": min_rank, "anonymous": anonymous,
            "confidential": confidential,
            "escalation": escalation or [("SDPO", 24), ("DPO", 48), ("RPO", 96)]}


URGENT = dict(contact=4, report=24)
ORDINARY = dict(contact=8, report=72)
SERVICE = dict(contact=8, report=336)
SENIOR = [("DPO", 24), ("RPO", 48), ("ADDL_IG", 96)]

CATEGORIES = [
    {"code": "CRIME", "en": "Crime", "ur": "جرائم", "hi": "अपराध", "children": [
        {"code": "CRIME-THEFT", "en": "Theft", "ur": "چوری", "hi": "चोरी", "sop": sop(**ORDINARY)},
        {"code": "CRIME-ROBBERY", "en": "Robbery / snatching", "ur": "ڈکیتی / چھینا جھپٹی", "hi": "लूट / छीना-झपटी",
         "sop": sop(**URGENT)},
        {"code": "CRIME-BURGLARY", "en": "House burglary", "ur": "نقب زنی", "hi": "सेंधमारी", "sop": sop(**ORDINARY)},
        {"code": "CRIME-VEHICLE", "en": "Vehicle theft", "ur": "گاڑی / موٹر سائیکل چوری", "hi": "वाहन चोरी",
         "sop": sop(**ORDINARY)},
        {"code": "CRIME-FRAUD", "en": "Fraud / cheating", "ur": "دھوکہ دہی / فراڈ", "hi": "धोखाधड़ी",
         "sop": sop(**ORDINARY, min_rank="INSPECTOR")},
        {"code": "CRIME-CYBER", "en": "Cybercrime / online fraud", "ur": "سائبر کرائم / آن لائن فراڈ",
         "hi": "साइबर अपराध / ऑनलाइन ठगी", "sop": sop(**ORDINARY, min_rank="INSPECTOR")},
        {"code": "CRIME-THREAT", "en": "Threat to life", "ur": "جان سے مارنے کی دھمکی", "hi": "जान से मारने की धमकी",
         "sop": sop(**URGENT, min_rank="INSPECTOR")},
        {"code": "CRIME-MISSING", "en": "Kidnapping / missing person", "ur": "اغوا / گمشدہ شخص",
         "hi": "अपहरण / गुमशुदा व्यक्ति", "sop": sop(contact=2, report=24, min_rank="INSPECTOR")},
        {"code": "CRIME-LAND", "en": "Land grabbing / property dispute", "ur": "قبضہ مافیا / جائیداد کا تنازع",
         "hi": "ज़मीन पर कब्ज़ा / संपत्ति विवाद", "sop": sop(**SERVICE, min_rank="INSPECTOR")},
        {"code": "CRIME-NARCOTICS", "en": "Drug peddling (information)", "ur": "منشیات فروشی (اطلاع)",
         "hi": "नशीले पदार्थों की बिक्री (सूचना)", "sop": sop(**ORDINARY, anonymous=True)},
        {"code": "CRIME-DOMESTIC", "en": "Domestic violence", "ur": "گھریلو تشدد", "hi": "घरेलू हिंसा",
         "sop": sop(**URGENT)},
    ]},
    {"code": "WOMEN-CHILD", "en": "Women and children", "ur": "خواتین اور بچے", "hi": "महिलाएँ और बच्चे", "children": [
        {"code": "WC-HARASSMENT", "en": "Gender harassment", "ur": "صنفی ہراسانی", "hi": "लैंगिक उत्पीड़न",
         "sop": sop(**URGENT, min_rank="SDPO", anonymous=True, confidential=True, escalation=SENIOR)},
        {"code": "WC-CHILD-ABUSE", "en": "Child abuse", "ur": "بچوں سے زیادتی", "hi": "बाल शोषण",
         "sop": sop(contact=2, report=24, min_rank="SDPO", confidential=True, escalation=SENIOR)},
        {"code": "WC-EVE-TEASING", "en": "Stalking / street harassment", "ur": "پیچھا کرنا / راہ چلتے ہراسانی",
         "hi": "पीछा करना / छेड़छाड़", "sop": sop(**URGENT, anonymous=True)},
    ]},
    {"code": "POLICE", "en": "Complaints against police", "ur": "پولیس کے خلاف شکایات", "hi": "पुलिस के विरुद्ध शिकायतें",
     "children": [
        {"code": "POL-MISCONDUCT", "en": "Misconduct / bad behaviour", "ur": "بدتمیزی / نامناسب رویہ",
         "hi": "दुर्व्यवहार", "sop": sop(**SERVICE, min_rank="SDPO", confidential=True, escalation=SENIOR)},
        {"code": "POL-BRIBERY", "en": "Bribery / corruption", "ur": "رشوت / بدعنوانی", "hi": "रिश्वत / भ्रष्टाचार",
         "sop": sop(**SERVICE, min_rank="SDPO", anonymous=True, confidential=True, escalation=SENIOR)},
        {"code": "POL-NO-FIR", "en": "Refusal to register FIR", "ur": "ایف آئی آر درج نہ کرنا",
         "hi": "एफ़आईआर दर्ज करने से इनकार", "sop": sop(contact=8, report=24, min_rank="SDPO", confidential=True,
                                                         escalation=SENIOR)},
        {"code": "POL-EXCESS", "en": "Excess / illegal detention", "ur": "زیادتی / غیر قانونی حراست",
         "hi": "ज़्यादती / अवैध हिरासत", "sop": sop(contact=4, report=24, min_rank="DPO", confidential=True,
                                                     escalation=[("RPO", 24), ("ADDL_IG", 48), ("IGP", 96)])},
        {"code": "POL-NEGLIGENCE", "en": "Negligence / no action", "ur": "غفلت / کارروائی نہ کرنا",
         "hi": "लापरवाही / कार्रवाई न करना", "sop": sop(**ORDINARY, min_rank="SDPO", confidential=True,
                                                        escalation=SENIOR)},
    ]},
    {"code": "SERVICE", "en": "Police services", "ur": "پولیس خدمات", "hi": "पुलिस सेवाएँ", "children": [
        {"code": "SVC-FIR-COPY", "en": "FIR copy not given", "ur": "ایف آئی آر کی نقل نہ ملنا",
         "hi": "एफ़आईआर की प्रति न मिलना", "sop": sop(contact=8, report=72)},
        {"code": "SVC-INVESTIGATION", "en": "Delay in investigation", "ur": "تفتیش میں تاخیر", "hi": "विवेचना में देरी",
         "sop": sop(**SERVICE, min_rank="INSPECTOR")},
        {"code": "SVC-VERIFICATION", "en": "Character certificate / verification delay",
         "ur": "کردار سرٹیفکیٹ / تصدیق میں تاخیر", "hi": "चरित्र प्रमाण-पत्र / सत्यापन में देरी",
         "sop": sop(**SERVICE, min_rank="ASI")},
        {"code": "SVC-TRAFFIC", "en": "Traffic problem", "ur": "ٹریفک کا مسئلہ", "hi": "यातायात समस्या",
         "sop": sop(**ORDINARY, min_rank="ASI")},
        {"code": "SVC-NOISE", "en": "Public nuisance / noise", "ur": "عوامی پریشانی / شور", "hi": "सार्वजनिक उपद्रव / शोर",
         "sop": sop(**ORDINARY, min_rank="ASI")},
    ]},
    {"code": "OTHER", "en": "Other", "ur": "دیگر", "hi": "अन्य", "children": [
        {"code": "OTHER-GENERAL", "en": "Other complaint", "ur": "دیگر شکایت", "hi": "अन्य शिकायत", "sop": sop(**ORDINARY)},
    ]},
]

SAMPLE_DESCRIPTIONS = {
    "CRIME-THEFT": {
        "en": ["My mobile phone was stolen from my shop counter this afternoon while I was serving customers.",
               "Someone stole the water motor and copper wire from our house while we were away at a wedding."],
        "ur": ["آج دوپہر دکان کے کاؤنٹر سے میرا موبائل فون چوری ہو گیا جب میں گاہکوں کو سودا دے رہا تھا۔",
               "ہم شادی پر گئے ہوئے تھے کہ کسی نے گھر سے پانی کی موٹر اور تانبے کی تاریں چوری کر لیں۔"],
        "hi": ["आज दोपहर ग्राहकों को सामान देते समय मेरी दुकान के काउंटर से मेरा मोबाइल फ़ोन चोरी हो गया।",
               "हम शादी में गए थे, तभी किसी ने घर से पानी की मोटर और ताँबे के तार चुरा लिए।"],
    },
    "CRIME-ROBBERY": {
        "en": ["Two men on a motorcycle snatched my purse near the bus stop at gunpoint last night."],
        "ur": ["کل رات بس سٹاپ کے قریب موٹر سائیکل سوار دو افراد نے اسلحہ کے زور پر میرا پرس چھین لیا۔"],
        "hi": ["कल रात बस स्टॉप के पास मोटरसाइकिल सवार दो लोगों ने तमंचे के बल पर मेरा पर्स छीन लिया।"],
    },
    "CRIME-BURGLARY": {
        "en": ["Our house was broken into at night; gold jewellery and cash were taken from the cupboard."],
        "ur": ["رات کو ہمارے گھر میں نقب لگی اور الماری سے طلائی زیورات اور نقدی چوری ہو گئی۔"],
        "hi": ["रात में हमारे घर में सेंध लगी और अलमारी से सोने के गहने और नकदी चोरी हो गई।"],
    },
    "CRIME-VEHICLE": {
        "en": ["My motorcycle was stolen from outside the mosque during Friday prayers."],
        "ur": ["جمعہ کی نماز کے دوران مسجد کے باہر سے میری موٹر سائیکل چوری ہو گئی۔"],
        "hi": ["जुमे की नमाज़ के दौरान मस्जिद के बाहर से मेरी मोटरसाइकिल चोरी हो गई।"],
    },
    "CRIME-FRAUD": {
        "en": ["A property dealer took an advance of two lakh rupees for a plot and now refuses to return it."],
        "ur": ["ایک پراپرٹی ڈیلر نے پلاٹ کے لیے دو لاکھ روپے پیشگی لیے اور اب واپس کرنے سے انکاری ہے۔"],
        "hi": ["एक प्रॉपर्टी डीलर ने प्लॉट के लिए दो लाख रुपये एडवांस लिए और अब लौटाने से मना कर रहा है।"],
    },
    "CRIME-CYBER": {
        "en": ["I received a call pretending to be from my bank and money was taken from my account by OTP fraud."],
        "ur": ["مجھے بینک کے نام پر کال آئی اور او ٹی پی فراڈ کے ذریعے میرے اکاؤنٹ سے رقم نکال لی گئی۔"],
        "hi": ["मुझे बैंक के नाम से कॉल आई और ओटीपी ठगी से मेरे खाते से पैसे निकाल लिए गए।"],
    },
    "CRIME-THREAT": {
        "en": ["My neighbour has threatened to kill me over a water channel dispute and fired in the air."],
        "ur": ["میرے ہمسائے نے کھال کے تنازع پر مجھے جان سے مارنے کی دھمکی دی اور ہوائی فائرنگ کی۔"],
        "hi": ["मेरे पड़ोसी ने नाली के विवाद पर मुझे जान से मारने की धमकी दी और हवाई फ़ायर किया।"],
    },
    "CRIME-MISSING": {
        "en": ["My 14-year-old son left for school this morning and has not returned home."],
        "ur": ["میرا چودہ سالہ بیٹا آج صبح سکول گیا تھا اور ابھی تک گھر واپس نہیں آیا۔"],
        "hi": ["मेरा चौदह साल का बेटा आज सुबह स्कूल गया था और अब तक घर नहीं लौटा।"],
    },
    "CRIME-LAND": {
        "en": ["Armed men have occupied my agricultural land and are not letting me enter it."],
        "ur": ["مسلح افراد نے میری زرعی زمین پر قبضہ کر لیا ہے اور مجھے اس میں داخل نہیں ہونے دیتے۔"],
        "hi": ["हथियारबंद लोगों ने मेरी खेती की ज़मीन पर कब्ज़ा कर लिया है और मुझे उसमें घुसने नहीं देते।"],
    },
    "CRIME-NARCOTICS": {
        "en": ["Drugs are being sold openly near the college gate every evening."],
        "ur": ["ہر شام کالج کے گیٹ کے قریب کھلے عام منشیات فروخت کی جا رہی ہیں۔"],
        "hi": ["हर शाम कॉलेज के गेट के पास खुलेआम नशीले पदार्थ बेचे जा रहे हैं।"],
    },
    "CRIME-DOMESTIC": {
        "en": ["My husband beats me and has thrown me out of the house with my children."],
        "ur": ["میرا شوہر مجھے مارتا پیٹتا ہے اور اس نے مجھے بچوں سمیت گھر سے نکال دیا ہے۔"],
        "hi": ["मेरा पति मुझे मारता-पीटता है और उसने मुझे बच्चों के साथ घर से निकाल दिया है।"],
    },
    "WC-HARASSMENT": {
        "en": ["A colleague keeps sending me offensive messages and threatens to share my pictures."],
        "ur": ["ایک ساتھی کارکن مجھے مسلسل نازیبا پیغامات بھیجتا ہے اور میری تصاویر پھیلانے کی دھمکی دیتا ہے۔"],
        "hi": ["एक सहकर्मी मुझे लगातार अश्लील संदेश भेजता है और मेरी तस्वीरें फैलाने की धमकी देता है।"],
    },
    "WC-CHILD-ABUSE": {
        "en": ["A man in our street has been seen abusing a child who works at the tea stall."],
        "ur": ["ہماری گلی کا ایک شخص چائے کے کھوکھے پر کام کرنے والے بچے سے زیادتی کرتا دیکھا گیا ہے۔"],
        "hi": ["हमारी गली का एक आदमी चाय की दुकान पर काम करने वाले बच्चे के साथ दुर्व्यवहार करते देखा गया है।"],
    },
    "WC-EVE-TEASING": {
        "en": ["Boys on motorcycles follow my daughter every day on her way back from college."],
        "ur": ["موٹر سائیکل سوار لڑکے روزانہ کالج سے واپسی پر میری بیٹی کا پیچھا کرتے ہیں۔"],
        "hi": ["मोटरसाइकिल सवार लड़के रोज़ कॉलेज से लौटते समय मेरी बेटी का पीछा करते हैं।"],
    },
    "POL-MISCONDUCT": {
        "en": ["The duty officer at the police station shouted at me and refused to listen to my complaint."],
        "ur": ["تھانے کے ڈیوٹی افسر نے مجھ سے بدتمیزی کی اور میری شکایت سننے سے انکار کر دیا۔"],
        "hi": ["थाने के ड्यूटी अधिकारी ने मुझसे बदतमीज़ी की और मेरी शिकायत सुनने से मना कर दिया।"],
    },
    "POL-BRIBERY": {
        "en": ["The investigating officer is demanding money to include my statement in the case file."],
        "ur": ["تفتیشی افسر میرا بیان مسل میں شامل کرنے کے لیے پیسوں کا مطالبہ کر رہا ہے۔"],
        "hi": ["विवेचक मेरा बयान केस डायरी में दर्ज करने के लिए पैसे माँग रहा है।"],
    },
    "POL-NO-FIR": {
        "en": ["I went to the police station three times but they refuse to register an FIR for my stolen tractor."],
        "ur": ["میں تین بار تھانے گیا مگر وہ میرے چوری شدہ ٹریکٹر کی ایف آئی آر درج کرنے سے انکاری ہیں۔"],
        "hi": ["मैं तीन बार थाने गया लेकिन वे मेरे चोरी हुए ट्रैक्टर की एफ़आईआर दर्ज करने से मना कर रहे हैं।"],
    },
    "POL-EXCESS": {
        "en": ["My brother has been kept at the police station for two days without any case being registered."],
        "ur": ["میرے بھائی کو بغیر کسی مقدمے کے دو دن سے تھانے میں بند رکھا گیا ہے۔"],
        "hi": ["मेरे भाई को बिना कोई मुकदमा दर्ज किए दो दिन से थाने में बंद रखा गया है।"],
    },
    "POL-NEGLIGENCE": {
        "en": ["A month has passed since my complaint but no officer has visited the place or called me."],
        "ur": ["میری درخواست کو ایک ماہ ہو گیا مگر کسی افسر نے نہ موقع دیکھا نہ مجھ سے رابطہ کیا۔"],
        "hi": ["मेरी शिकायत को एक महीना हो गया लेकिन किसी अधिकारी ने न मौका देखा न मुझसे संपर्क किया।"],
    },
    "SVC-FIR-COPY": {
        "en": ["My FIR was registered last week but I have still not been given a copy."],
        "ur": ["میری ایف آئی آر پچھلے ہفتے درج ہوئی مگر ابھی تک مجھے اس کی نقل نہیں دی گئی۔"],
        "hi": ["मेरी एफ़आईआर पिछले हफ़्ते दर्ज हुई लेकिन अब तक मुझे उसकी प्रति नहीं दी गई।"],
    },
    "SVC-INVESTIGATION": {
        "en": ["The investigation of my case has been pending for six months with no progress."],
        "ur": ["میرے مقدمے کی تفتیش چھ ماہ سے زیر التوا ہے اور کوئی پیش رفت نہیں ہوئی۔"],
        "hi": ["मेरे मुकदमे की विवेचना छह महीने से लंबित है और कोई प्रगति नहीं हुई।"],
    },
    "SVC-VERIFICATION": {
        "en": ["I applied for a character certificate for my job abroad a month ago and it is still pending."],
        "ur": ["میں نے بیرون ملک ملازمت کے لیے ایک ماہ پہلے کردار سرٹیفکیٹ کی درخواست دی جو ابھی تک زیر التوا ہے۔"],
        "hi": ["मैंने विदेश में नौकरी के लिए एक महीने पहले चरित्र प्रमाण-पत्र का आवेदन दिया था जो अभी तक लंबित है।"],
    },
    "SVC-TRAFFIC": {
        "en": ["Rickshaws park across the main bazaar road every evening and block traffic for hours."],
        "ur": ["ہر شام رکشے مین بازار کی سڑک پر کھڑے ہو کر گھنٹوں ٹریفک بند کر دیتے ہیں۔"],
        "hi": ["हर शाम रिक्शे मुख्य बाज़ार की सड़क पर खड़े होकर घंटों जाम लगा देते हैं।"],
    },
    "SVC-NOISE": {
        "en": ["Loudspeakers at a marriage hall play music past midnight every day."],
        "ur": ["ایک شادی ہال میں روزانہ آدھی رات کے بعد تک لاؤڈ سپیکر پر موسیقی چلتی ہے۔"],
        "hi": ["एक मैरिज हॉल में रोज़ आधी रात के बाद तक लाउडस्पीकर पर संगीत बजता है।"],
    },
    "OTHER-GENERAL": {
        "en": ["Street lights near the police post have been off for weeks and thefts have increased."],
        "ur": ["پولیس چوکی کے قریب سٹریٹ لائٹس کئی ہفتوں سے بند ہیں اور چوریاں بڑھ گئی ہیں۔"],
        "hi": ["पुलिस चौकी के पास स्ट्रीट लाइटें हफ़्तों से बंद हैं और चोरियाँ बढ़ गई हैं।"],
    },
}
