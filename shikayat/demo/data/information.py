"""Information services for the demo forces, as the WhatsApp bot shows them
(admin-editable in shikayat.information). Topics: code → (title en, ur, hi,
body en, ur, hi). Most wanted and missing children are invented people."""

PUNJAB_TOPICS = {
    "ig-cell": (
        "IG complaint cell", "آئی جی شکایت سیل", "आईजी शिकायत सेल",
        "The Inspector General's complaint cell hears complaints against police officers and about police "
        "service.\n• Call 8787 (24 hours)\n• Lodge a complaint here: reply 1 at the menu\n• Visit: Central Police "
        "Office, Lahore, 9 am – 5 pm, Monday to Saturday",
        "انسپکٹر جنرل کا شکایت سیل پولیس افسران کے خلاف اور پولیس سروس کے بارے میں شکایات سنتا ہے۔\n• 8787 پر کال کریں "
        "(24 گھنٹے)\n• یہیں شکایت درج کروائیں: مینو میں 1 بھیجیں\n• دفتر: سینٹرل پولیس آفس، لاہور، صبح 9 تا شام 5، "
        "پیر تا ہفتہ",
        "महानिरीक्षक का शिकायत सेल पुलिस अधिकारियों के विरुद्ध और पुलिस सेवा के बारे में शिकायतें सुनता है।\n• 8787 पर "
        "कॉल करें (24 घंटे)\n• यहीं शिकायत दर्ज करें: मेनू में 1 भेजें\n• कार्यालय: सेंट्रल पुलिस ऑफ़िस, लाहौर, सुबह 9 से "
        "शाम 5, सोमवार से शनिवार",
    ),
    "service-centre": (
        "Police service centres (Khidmat Markaz)", "پولیس خدمت مرکز", "पुलिस सेवा केंद्र (ख़िदमत मरकज़)",
        "Every district has a police service centre, open 8 am – 8 pm:\n• Character certificate\n• Tenant and "
        "domestic worker registration\n• Copy of an FIR\n• Lost documents report\n• Vehicle verification\n• Learner "
        "and driving licences\nBring your CNIC. Most services are done the same day.",
        "ہر ضلع میں پولیس خدمت مرکز صبح 8 سے رات 8 بجے تک کھلا ہے:\n• کریکٹر سرٹیفکیٹ\n• کرایہ دار اور گھریلو ملازم "
        "کا اندراج\n• ایف آئی آر کی نقل\n• گمشدہ دستاویزات کی رپورٹ\n• گاڑی کی تصدیق\n• لرنر اور ڈرائیونگ لائسنس\n"
        "اپنا شناختی کارڈ ساتھ لائیں۔ زیادہ تر کام اسی دن ہو جاتے ہیں۔",
        "हर ज़िले में पुलिस सेवा केंद्र सुबह 8 से रात 8 बजे तक खुला है:\n• चरित्र प्रमाण-पत्र\n• किरायेदार और घरेलू "
        "कामगार का पंजीकरण\n• एफ़आईआर की नक़ल\n• खोए दस्तावेज़ों की रिपोर्ट\n• वाहन सत्यापन\n• लर्नर और ड्राइविंग "
        "लाइसेंस\nअपना पहचान-पत्र साथ लाएँ। ज़्यादातर काम उसी दिन हो जाते हैं।",
    ),
    "overseas": (
        "Overseas Pakistanis", "سمندر پار پاکستانی", "प्रवासी पाकिस्तानी",
        "From abroad you can lodge and follow a complaint on this WhatsApp number or on the website, without "
        "coming to Pakistan. Every district police office has an overseas Pakistanis desk that handles your "
        "complaint with priority; a family member holding your written authority may attend on your behalf.",
        "بیرون ملک سے آپ اسی واٹس ایپ نمبر یا ویب سائٹ پر شکایت درج کروا سکتے ہیں اور اس کی صورتحال دیکھ سکتے ہیں، "
        "پاکستان آئے بغیر۔ ہر ضلعی پولیس دفتر میں سمندر پار پاکستانیوں کا ڈیسک ہے جو آپ کی شکایت ترجیحی بنیاد پر "
        "نمٹاتا ہے؛ آپ کے تحریری اختیار کے ساتھ خاندان کا کوئی فرد آپ کی جگہ پیش ہو سکتا ہے۔",
        "विदेश से आप इसी व्हाट्सऐप नंबर या वेबसाइट पर शिकायत दर्ज कर सकते हैं और उसकी स्थिति देख सकते हैं, पाकिस्तान "
        "आए बिना। हर ज़िला पुलिस कार्यालय में प्रवासी पाकिस्तानियों का डेस्क है जो आपकी शिकायत को प्राथमिकता से "
        "निपटाता है; आपके लिखित अधिकार-पत्र के साथ परिवार का कोई सदस्य आपकी ओर से उपस्थित हो सकता है।",
    ),
    "social-media": (
        "Punjab Police on social media", "سوشل میڈیا پر پنجاب پولیس", "सोशल मीडिया पर पंजाब पुलिस",
        "Follow the official Punjab Police pages on Facebook, X (Twitter), Instagram and YouTube for alerts and "
        "advice. Official pages carry the verified badge; the police never ask for money or passwords online.",
        "الرٹس اور مشوروں کے لیے فیس بک، ایکس (ٹوئٹر)، انسٹاگرام اور یوٹیوب پر پنجاب پولیس کے سرکاری صفحات فالو "
        "کریں۔ سرکاری صفحات پر تصدیقی نشان ہوتا ہے؛ پولیس کبھی آن لائن پیسے یا پاس ورڈ نہیں مانگتی۔",
        "अलर्ट और सलाह के लिए फ़ेसबुक, एक्स (ट्विटर), इंस्टाग्राम और यूट्यूब पर पंजाब पुलिस के आधिकारिक पेज फ़ॉलो "
        "करें। आधिकारिक पेजों पर सत्यापन का निशान होता है; पुलिस कभी ऑनलाइन पैसे या पासवर्ड नहीं माँगती।",
    ),
    "website": (
        "Punjab Police website", "پنجاب پولیس ویب سائٹ", "पंजाब पुलिस वेबसाइट",
        "https://punjabpolice.gov.pk – police stations, service centres, lost and found, and notices.",
        "https://punjabpolice.gov.pk – تھانے، خدمت مراکز، گمشدہ و برآمد شدہ اشیا اور اعلانات۔",
        "https://punjabpolice.gov.pk – थाने, सेवा केंद्र, खोया-पाया और सूचनाएँ।",
    ),
    "citizen-portal": (
        "Citizen portal", "سٹیزن پورٹل", "सिटिज़न पोर्टल",
        "Complaints to the Pakistan Citizen's Portal about the police reach us and are handled here with the "
        "same E-tag service. You can also lodge directly: reply 1 at the menu.",
        "پاکستان سٹیزن پورٹل پر پولیس سے متعلق شکایات ہم تک پہنچتی ہیں اور یہاں اسی ای-ٹیگ سروس کے ساتھ نمٹائی جاتی "
        "ہیں۔ آپ براہ راست بھی شکایت کر سکتے ہیں: مینو میں 1 بھیجیں۔",
        "पाकिस्तान सिटिज़न पोर्टल पर पुलिस से जुड़ी शिकायतें हम तक पहुँचती हैं और यहाँ उसी ई-टैग सेवा से निपटाई जाती "
        "हैं। आप सीधे भी शिकायत कर सकते हैं: मेनू में 1 भेजें।",
    ),
    "verification": (
        "Tenant and domestic worker verification", "کرایہ دار اور گھریلو ملازم کی تصدیق",
        "किरायेदार और घरेलू कामगार सत्यापन",
        "Registering a tenant or a domestic worker is required by law. Go to the police service centre or the "
        "front desk of your police station with: CNIC copies of the owner and the tenant or worker, two photos of "
        "the tenant or worker, and the rent agreement. You get a registration slip at once; verification takes "
        "up to 7 days.",
        "کرایہ دار یا گھریلو ملازم کا اندراج قانوناً ضروری ہے۔ پولیس خدمت مرکز یا اپنے تھانے کے فرنٹ ڈیسک پر یہ "
        "لے کر جائیں: مالک اور کرایہ دار یا ملازم کے شناختی کارڈ کی نقول، کرایہ دار یا ملازم کی دو تصاویر، اور "
        "کرایہ نامہ۔ اندراج کی رسید فوراً ملتی ہے؛ تصدیق میں 7 دن تک لگتے ہیں۔",
        "किरायेदार या घरेलू कामगार का पंजीकरण क़ानूनन ज़रूरी है। पुलिस सेवा केंद्र या अपने थाने के फ़्रंट डेस्क पर "
        "यह लेकर जाएँ: मालिक और किरायेदार या कामगार के पहचान-पत्र की प्रतियाँ, किरायेदार या कामगार की दो फ़ोटो, और "
        "किरायानामा। पंजीकरण की रसीद तुरंत मिलती है; सत्यापन में 7 दिन तक लगते हैं।",
    ),
}

RAMPUR_TOPICS = {
    "ig-cell": (
        "Complaint cell (SP office)", "شکایت سیل (ایس پی دفتر)", "शिकायत प्रकोष्ठ (एसपी कार्यालय)",
        "The Superintendent of Police, Rampur hears complaints against police staff every working day, 10 am – "
        "12 noon, at the SP office. You can also lodge here: reply 1 at the menu.",
        "سپرنٹنڈنٹ آف پولیس رام پور ہر کام کے دن صبح 10 سے دوپہر 12 بجے تک ایس پی دفتر میں پولیس عملے کے خلاف "
        "شکایات سنتے ہیں۔ آپ یہیں بھی شکایت کر سکتے ہیں: مینو میں 1 بھیجیں۔",
        "पुलिस अधीक्षक रामपुर हर कार्य-दिवस सुबह 10 से दोपहर 12 बजे तक एसपी कार्यालय में पुलिसकर्मियों के विरुद्ध "
        "शिकायतें सुनते हैं। आप यहीं भी शिकायत कर सकते हैं: मेनू में 1 भेजें।",
    ),
    "service-centre": (
        "Citizen services", "شہری خدمات", "नागरिक सेवाएँ",
        "At every thana and on the UPCOP app: copy of an FIR, tenant and servant verification, character "
        "certificate, lost article report, event and procession permission. Bring your Aadhaar.",
        "ہر تھانے پر اور یو پی کاپ ایپ پر: ایف آئی آر کی نقل، کرایہ دار اور ملازم کی تصدیق، کریکٹر سرٹیفکیٹ، گمشدہ "
        "سامان کی رپورٹ، تقریب اور جلوس کی اجازت۔ اپنا آدھار ساتھ لائیں۔",
        "हर थाने पर और यूपीकॉप ऐप पर: एफ़आईआर की नक़ल, किरायेदार और नौकर सत्यापन, चरित्र प्रमाण-पत्र, खोई वस्तु की "
        "रिपोर्ट, आयोजन और जुलूस की अनुमति। अपना आधार साथ लाएँ।",
    ),
    "overseas": (
        "Non-resident Indians", "غیر مقیم ہندوستانی", "अप्रवासी भारतीय",
        "From abroad, lodge and follow a complaint on this WhatsApp number. The district's NRI desk at the SP "
        "office takes it up; a relative with your authority letter may attend for you.",
        "بیرون ملک سے اسی واٹس ایپ نمبر پر شکایت درج کروائیں اور اس کی صورتحال دیکھیں۔ ایس پی دفتر کا این آر آئی ڈیسک "
        "اسے دیکھتا ہے؛ آپ کے اختیار نامے کے ساتھ کوئی رشتہ دار آپ کی جگہ پیش ہو سکتا ہے۔",
        "विदेश से इसी व्हाट्सऐप नंबर पर शिकायत दर्ज करें और उसकी स्थिति देखें। एसपी कार्यालय का एनआरआई डेस्क इसे "
        "देखता है; आपके अधिकार-पत्र के साथ कोई रिश्तेदार आपकी ओर से उपस्थित हो सकता है।",
    ),
    "social-media": (
        "UP Police on social media", "سوشل میڈیا پر یو پی پولیس", "सोशल मीडिया पर यूपी पुलिस",
        "Follow the verified UP Police and Rampur Police accounts on X (Twitter) and Facebook; you can also tag "
        "them with a complaint.",
        "ایکس (ٹوئٹر) اور فیس بک پر یو پی پولیس اور رام پور پولیس کے تصدیق شدہ اکاؤنٹس فالو کریں؛ آپ شکایت کے ساتھ "
        "انہیں ٹیگ بھی کر سکتے ہیں۔",
        "एक्स (ट्विटर) और फ़ेसबुक पर यूपी पुलिस और रामपुर पुलिस के सत्यापित खाते फ़ॉलो करें; आप शिकायत के साथ उन्हें "
        "टैग भी कर सकते हैं।",
    ),
    "website": (
        "UP Police website", "یو پی پولیس ویب سائٹ", "यूपी पुलिस वेबसाइट",
        "https://uppolice.gov.in – thanas, citizen services and notices.",
        "https://uppolice.gov.in – تھانے، شہری خدمات اور اعلانات۔",
        "https://uppolice.gov.in – थाने, नागरिक सेवाएँ और सूचनाएँ।",
    ),
    "citizen-portal": (
        "Jansunwai (IGRS)", "جن سنوائی (آئی جی آر ایس)", "जनसुनवाई (आईजीआरएस)",
        "Complaints about the police made on the Jansunwai portal reach us and are handled here with the same "
        "E-tag service. You can also lodge directly: reply 1 at the menu.",
        "جن سنوائی پورٹل پر پولیس سے متعلق شکایات ہم تک پہنچتی ہیں اور یہاں اسی ای-ٹیگ سروس کے ساتھ نمٹائی جاتی ہیں۔ "
        "آپ براہ راست بھی شکایت کر سکتے ہیں: مینو میں 1 بھیجیں۔",
        "जनसुनवाई पोर्टल पर पुलिस से जुड़ी शिकायतें हम तक पहुँचती हैं और यहाँ उसी ई-टैग सेवा से निपटाई जाती हैं। आप "
        "सीधे भी शिकायत कर सकते हैं: मेनू में 1 भेजें।",
    ),
    "verification": (
        "Tenant and servant verification", "کرایہ دار اور ملازم کی تصدیق", "किरायेदार और नौकर सत्यापन",
        "Apply at your thana or on the UPCOP app with the Aadhaar of the owner and of the tenant or servant, a "
        "photo and the rent agreement. Verification takes up to 15 days.",
        "اپنے تھانے پر یا یو پی کاپ ایپ پر مالک اور کرایہ دار یا ملازم کے آدھار، ایک تصویر اور کرایہ نامے کے ساتھ "
        "درخواست دیں۔ تصدیق میں 15 دن تک لگتے ہیں۔",
        "अपने थाने पर या यूपीकॉप ऐप पर मालिक और किरायेदार या नौकर के आधार, एक फ़ोटो और किरायानामे के साथ आवेदन "
        "करें। सत्यापन में 15 दिन तक लगते हैं।",
    ),
}

# (name en, ur, hi, details en, ur, hi, reward) — invented for the demo.
PUNJAB_MOST_WANTED = [
    ("Demo: Jameel alias Kala", "ڈیمو: جمیل عرف کالا", "डेमो: जमील उर्फ़ काला",
     "Wanted for armed robberies on the motorway service roads. About 35, tall, scar on the left cheek.",
     "موٹروے سروس روڈز پر مسلح ڈکیتیوں میں مطلوب۔ عمر تقریباً 35 سال، دراز قد، بائیں گال پر نشان۔",
     "मोटरवे सर्विस रोड पर हथियारबंद लूट में वांछित। उम्र लगभग 35, लंबा क़द, बाएँ गाल पर निशान।",
     "Rs 2,000,000"),
    ("Demo: Naveed Iqbal", "ڈیمو: نوید اقبال", "डेमो: नवीद इक़बाल",
     "Wanted for kidnapping for ransom. About 40, may be in the Kacha area.",
     "تاوان کے لیے اغوا میں مطلوب۔ عمر تقریباً 40 سال، کچے کے علاقے میں ہو سکتا ہے۔",
     "फिरौती के लिए अपहरण में वांछित। उम्र लगभग 40, कच्चे के इलाक़े में हो सकता है।",
     "Rs 1,000,000"),
]
RAMPUR_MOST_WANTED = [
    ("Demo: Pappu alias Tension", "ڈیمو: پپو عرف ٹینشن", "डेमो: पप्पू उर्फ़ टेंशन",
     "Wanted for highway robbery and attempted murder. About 30, limps slightly.",
     "ہائی وے ڈکیتی اور اقدام قتل میں مطلوب۔ عمر تقریباً 30 سال، ہلکا لنگڑا کر چلتا ہے۔",
     "हाईवे लूट और हत्या के प्रयास में वांछित। उम्र लगभग 30, हल्का लंगड़ाकर चलता है।",
     "₹50,000"),
]

# (name, age, last seen place, days ago, details en, ur, hi, contact) — invented for the demo.
# (name en / ur / hi, age, last seen at en / ur / hi, days ago, details en / ur / hi, number to call)
PUNJAB_MISSING = [
    (("Demo: Ayesha", "ڈیمو: عائشہ", "डेमो: आयशा"), 7,
     ("Anarkali Bazaar, Lahore", "انارکلی بازار، لاہور", "अनारकली बाज़ार, लाहौर"), 2,
     "Pink frock, white sandals, speaks Punjabi.",
     "گلابی فراک، سفید سینڈل، پنجابی بولتی ہے۔", "गुलाबी फ़्रॉक, सफ़ेद सैंडल, पंजाबी बोलती है।", "15"),
    (("Demo: Hamza", "ڈیمو: حمزہ", "डेमो: हमज़ा"), 11, ("Ghanta Ghar, Multan", "گھنٹہ گھر، ملتان", "घंटा घर, मुल्तान"),
     5, "Blue school uniform, black bag.",
     "نیلی سکول یونیفارم، کالا بستہ۔", "नीली स्कूल यूनिफ़ॉर्म, काला बस्ता।", "15"),
]
RAMPUR_MISSING = [
    (("Demo: Guddu", "ڈیمو: گڈو", "डेमो: गुड्डू"), 9,
     ("Rampur railway station", "رام پور ریلوے اسٹیشن", "रामपुर रेलवे स्टेशन"), 3,
     "Red T-shirt, grey shorts, speaks Hindi.",
     "سرخ ٹی شرٹ، سرمئی نیکر، ہندی بولتا ہے۔", "लाल टी-शर्ट, स्लेटी निक्कर, हिंदी बोलता है।", "112"),
]

TOPICS = {"punjab": PUNJAB_TOPICS, "rampur": RAMPUR_TOPICS}
MOST_WANTED = {"punjab": PUNJAB_MOST_WANTED, "rampur": RAMPUR_MOST_WANTED}
MISSING = {"punjab": PUNJAB_MISSING, "rampur": RAMPUR_MISSING}
