# نصوص الواجهة بالعربية. `$gender` جنس العميل و`$agent` جنس المتدرّب (female أو male)؛ الأعداد تختار صيغة الجمع الصحيحة.

ring = ☎ الهاتف يرن.
second-chat = 💬 عميل آخر ينتظر: { $text }
you = أنت
timer-expired = ⏱ انتهى الوقت.
patience = الصبر
ending = النهاية
score = النتيجة
better = الأفضل هنا: { $choice }
upholds = يلتزم بـ
breaks = يخالف
outcome-delighted = أسعدنا العميل
outcome-retained = احتفظنا بالعميل
outcome-escalated = صُعِّد الأمر
channel-phone = الهاتف
channel-email = البريد الإلكتروني
channel-live-chat = المحادثة المباشرة
channel-social-media = وسائل التواصل الاجتماعي
channel-in-person = وجهاً لوجه
quit = (خروج. لم يُحتسب شيء.)
pick-scenario = اختر سيناريو برقمه:
who-title = من يتدرّب الآن؟
who-new = + متدرّب جديد
who-name-hint = اكتب اسماً ثم اضغط Enter
who-none = لا يوجد متدرّبون بعد: أضف واحداً للبدء.
language = اللغة
text-size = حجم النص
continue = متابعة
library-title = سيناريوهات { $name }
difficulty = المستوى { $n }
last-score = آخر نتيجة { $score }
not-played = لم يُلعب بعد
resume = استئناف
broken-scenario = فيه أخطاء، أصلح الملف لتلعبه
broken-last-good = آخر نسخة سليمة ما زالت قابلة للعب
settings = الإعدادات
back = رجوع
paused = متوقف مؤقتاً
resume-play = استئناف
quit-to-library = احفظ واذهب إلى المكتبة
no-audio = لم يُعثر على جهاز صوت: التشغيل بلا صوت. الترجمة النصية تُظهر كل صوت.
replay-from = أعد من هنا
you-chose = أنت
by-rule = حسب القاعدة
decisions = قراراتك
play-again = العب مجدداً
library = المكتبة
volume-voice = مستوى صوت الكلام
volume-effects = مستوى صوت المؤثرات
volume-music = مستوى صوت الموسيقى
mute = كتم كل الأصوات
reduced-motion = تقليل الحركة
on = مفعّل
off = معطّل
keys-play = للاختيار: 1–9 · للإيقاف المؤقت: Esc
keys-menu = للتنقل: Tab أو الأسهم · للاختيار: Enter · للرجوع: Esc
trains = يدرّب على: { $rules }
time-left = { $seconds } ث للرد
quit-app = خروج
customer = العميل
to-debrief = اعرض المراجعة
by-channel = حسب القناة
my-progress = تقدّمي
team = الفريق
track-progress = { $passed }/{ $total } بدرجة { $bar }+
track-next = التالي: { $title }
progress-title = التقدّم — { $name }
no-sessions-yet = لا جلسات مكتملة بعد: العب سيناريو وسيظهر تقدّمك هنا.
mastery-heading = الإتقان لكل قاعدة (الإتقان عند { $bar }%؛ الجلسات الأحدث أثقل وزنًا)
mastered = متقَن
tracks = المسارات
due-on = موعدها { $date }
abandoned = لم تكتمل
trend-heading = إتقان كل قاعدة عبر الزمن
team-title = الفريق
period-all = كل الفترات
all-tracks = كل المسارات
team-explain-mastery = الخلايا: إتقان كل قاعدة (الجلسات الأحدث أثقل وزنًا). مرّر المؤشر على خلية لترى جلساتها.
team-explain-average = الخلايا: متوسط الدرجة في كل قاعدة خلال الفترة. مرّر المؤشر على خلية لترى جلساتها.
weakest-rules = أضعف القواعد
overdue-heading = مراجعات متأخرة
nobody-overdue = لا أحد متأخر.
no-trainees = لم يلعب أي متدرّب بعد.
trainee = المتدرّب
track = المسار
overdue = متأخرة
and-more = و{ $n } غيرها
default-trainee = متدرّب

on-hold = { $gender ->
    [female] ♪ العميلة في الانتظار.
   *[other] ♪ العميل في الانتظار.
}
silence = { $agent ->
    [female] (لم تقولي شيئاً.)
   *[other] (لم تقل شيئاً.)
}
cut-in = ({ $agent ->
    [female] قاطعتِ
   *[other] قاطعتَ
} { $name } { $gender ->
    [female] وهي ما زالت تتكلم
   *[other] وهو ما زال يتكلم
}.)
answer-within = ⏱ يجب الرد خلال { $seconds ->
    [zero] لحظات
    [one] ثانية واحدة
    [two] ثانيتين
    [few] { $seconds } ثوانٍ
    [many] { $seconds } ثانية
   *[other] { $seconds } ثانية
}.
choices-hint = { $agent ->
    [female] اكتبي رقماً واضغطي Enter. الرد قبل أن يُنهي العميل كلامه يُعدّ مقاطعة.
   *[other] اكتب رقماً واضغط Enter. الرد قبل أن يُنهي العميل كلامه يُعدّ مقاطعة.
}
debrief = مراجعة الأداء
outcome-lost = خسرنا العميل
speaking = { $name } { $gender ->
    [female] تتكلم
   *[other] يتكلم
}…
minutes = { $n ->
    [zero] أقل من دقيقة
    [one] دقيقة واحدة
    [two] دقيقتان
    [few] { $n } دقائق
    [many] { $n } دقيقة
   *[other] { $n } دقيقة
}
track-passed = تم الاجتياز
refresher-due = حان موعد التدريب التنشيطي
refreshers-due = تدريبات تنشيطية مستحقة:
refreshers = التدريبات التنشيطية
resume-changed = { $agent ->
    [female] تغيّر السيناريو منذ غادرتِه؛ سنبدأ من جديد.
   *[other] تغيّر السيناريو منذ غادرتَه؛ سنبدأ من جديد.
}
n-sessions = { $n ->
    [zero] لا جلسات
    [one] جلسة واحدة
    [two] جلستان
    [few] { $n } جلسات
    [many] { $n } جلسة
   *[other] { $n } جلسة
}
sessions-heading = الجلسات ({ $n })
period-weeks = { $n ->
    [one] الأسبوع الماضي
    [two] آخر أسبوعين
    [few] آخر { $n } أسابيع
    [many] آخر { $n } أسبوعاً
   *[other] آخر { $n } أسبوع
}
overdue-line = { $name }: { $n ->
    [one] تدريب متأخر واحد
    [two] تدريبان متأخران
    [few] { $n } تدريبات متأخرة
    [many] { $n } تدريباً متأخراً
   *[other] { $n } تدريب متأخر
}، أقدمها منذ { $days ->
    [zero] اليوم
    [one] يوم واحد
    [two] يومين
    [few] { $days } أيام
    [many] { $days } يوماً
   *[other] { $days } يوم
}
address-me = خاطِبني بصيغة
address-female = المؤنث
address-male = المذكر
address-unsaid = الصيغتين معاً
settings-scenarios = سيناريوهاتك
scenarios-folder-count = { $n ->
    [zero] لا شيء بعد: أي ملف سيناريو (.ron) يُحفظ هنا يظهر في المكتبة
    [one] سيناريو واحد من إعدادك
    [two] سيناريوهان من إعدادك
    [few] { $n } سيناريوهات من إعدادك
    [many] { $n } سيناريو من إعدادك
   *[other] { $n } سيناريو من إعدادك
}
scenarios-folder-set-by = حُدِّد عبر { $by } عند تشغيل Rapport
scenarios-folder-open = فتح المجلد
scenarios-folder-change = تغيير…
scenarios-folder-default = العودة إلى المجلد الافتراضي
scenarios-folder-hint = اكتب المسار الكامل لمجلد ثم اضغط Enter (‏Esc للإلغاء)
scenarios-folder-bad = لا يمكن استخدام هذا المجلد: { $error }
scenarios-folder-none = السيناريوهات المرفقة مع Rapport فقط (لا يوجد مجلد بيانات)
yours = من إعدادك
yours-replaces = من إعدادك، بدلاً من السيناريو المرفق مع Rapport

## سطر الأوامر

cli-seed = البذرة { $seed }
cli-stops-here = (يتوقف المسار هنا، عند `{ $node }`. الخيارات المتاحة: { $choices })
cli-no-playable = لا توجد سيناريوهات قابلة للعب؛ التفاصيل في `rapport --help`
cli-not-a-number = `{ $answer }` ليس من الأرقام المعروضة أعلاه
cli-choices-step = --choices الخطوة { $n } { $message }
cli-no-scenario = لا يوجد سيناريو `{ $id }` في المكتبة (ولا ملف بهذا الاسم){ $hint }
cli-set-in-settings = الإعدادات › سيناريوهاتك
cli-scenarios-missing = مجلد السيناريوهات { $path } غير موجود (حُدِّد عبر { $by })؛ يمكن إنشاؤه، أو تحديد مجلد آخر عبر ‎--scenarios DIR‎ أو { $env } أو من الإعدادات › سيناريوهاتك
cli-no-such-file = لا يوجد ملف بهذا الاسم: { $path }
cli-known-scenarios = السيناريوهات المعروفة: { $ids }
cli-has-errors = في السيناريو أخطاء ولا يمكن استخدامه
cli-did-you-mean = { " " }(هل تقصد `{ $word }`؟)
cli-no-data-folder = لا يوجد مجلد بيانات على هذا النظام؛ حدّد ملف التقدّم بالخيار --store
cli-no-trainee = لا يوجد متدرّب باسم `{ $name }` في ملف التقدّم{ $hint }
cli-progress-head = { $name } — { $n ->
    [zero] لا جلسات
    [one] جلسة واحدة
    [two] جلستان
    [few] { $n } جلسات
    [many] { $n } جلسة
   *[other] { $n } جلسة
} ({ $finished } مكتملة من آخر { $recent })
cli-mastery-head = الإتقان (يُعدّ متقَناً عند { $bar }% بعد { $min } جلسات على الأقل؛ الجلسات الأحدث أثقل وزناً)
cli-no-sessions = لا جلسات بعد
cli-track-line = { $passed }/{ $total } بدرجة { $bar }%+
cli-track-next = التالي: { $title }
cli-refreshers-none = لم يُجدوَل شيء بعد
cli-last-best = الأخيرة { $last }%  الأفضل { $best }%
cli-last = الأخيرة { $last }%
cli-recent = آخر الجلسات
cli-status-finished = مكتملة
cli-status-abandoned = متروكة
cli-no-trainees-in = لا متدرّبين بعد في { $path }.
cli-col-trainee = المتدرّب
cli-col-sessions = الجلسات
cli-col-last = آخر جلسة
cli-col-mastered = المتقَن
cli-col-overdue = المتأخر
cli-weakest = أضعف قاعدة لدى الفريق: { $rule } ({ $pct }%)
cli-due-now = مستحق الآن
cli-due-in = يستحق بعد { $days ->
    [one] يوم واحد
    [two] يومين
    [few] { $days } أيام
    [many] { $days } يوماً
   *[other] { $days } يوم
}
cli-overdue-by = متأخر منذ { $days ->
    [one] يوم واحد
    [two] يومين
    [few] { $days } أيام
    [many] { $days } يوماً
   *[other] { $days } يوم
}
cli-nothing-due = لا شيء مستحق.
cli-forget-needs-yes = حذف متدرّب لا يمكن التراجع عنه؛ أضف --yes للتأكيد
cli-forget-confirm = حذف كل جلسات `{ $name }` ودرجاته نهائياً؟ اكتب الاسم للتأكيد:
cli-nothing-deleted = لم يُحذف شيء.
cli-forgot = حُذف `{ $name }`: { $n ->
    [zero] لم تكن له جلسات
    [one] جلسة واحدة
    [two] جلستان
    [few] { $n } جلسات
    [many] { $n } جلسة
   *[other] { $n } جلسة
} وكل الدرجات.
cli-export-failed = فشل التصدير: { $error }
cli-sync-report = { $endpoint }: أُرسل { $sent }، وسبق إرسال { $before }، وما زال في الانتظار { $queued }
cli-sync-stopped = توقفت المزامنة: { $why }
cli-sync-queued = { $n ->
    [one] تبقى عبارة واحدة في الانتظار وتُرسل مع المزامنة التالية
    [two] تبقى عبارتان في الانتظار وتُرسلان مع المزامنة التالية
    [few] تبقى { $n } عبارات في الانتظار وتُرسل مع المزامنة التالية
    [many] تبقى { $n } عبارة في الانتظار وتُرسل مع المزامنة التالية
   *[other] تبقى { $n } عبارة في الانتظار وتُرسل مع المزامنة التالية
}
cli-lrs-bad-url = ‏`{ $url }` ليس عنوان مخزن سجلات تعلّم: اكتب نقطة xAPI الخاصة به، مثل https://lrs.example.com/xAPI/
cli-lrs-saved = ضُبط مخزن السجلات: { $endpoint } (الفريق: { $team }؛ إرسال الأسماء: { $names })
cli-lrs-ask-secret = كلمة السر لـ { $user } (لن تظهر):{" "}
cli-lrs-secret-from-env = تؤخذ كلمة السر من { $var }؛ لا يُحفظ شيء منها على هذا الجهاز.
cli-lrs-secret-kept = حُفظت كلمة السر في سلسلة مفاتيح النظام.
cli-lrs-no-keyring = rapport: سلسلة مفاتيح النظام غير متاحة ({ $why })؛ لم تُحفظ كلمة السر في أي مكان: ضعها في { $var } عند المزامنة أو السحب
cli-lrs-not-set = لم يُضبط مخزن سجلات على هذا الجهاز: نفّذ `rapport lrs set URL --user USER` أولًا
cli-lrs-removed = أُزيل الاتصال بمخزن السجلات وكلمة سره؛ الجلسات المسجّلة باقية.
cli-lrs-answered = ردّ { $endpoint }: { $said } (كلمة السر من { $from })
cli-lrs-test-failed = لم يردّ { $endpoint } كما ينبغي: { $why }
cli-lrs-status = { $endpoint } (الفريق: { $team }): { $waiting ->
    [0] أُرسلت كل الجلسات
    [one] جلسة واحدة بانتظار الإرسال
    [two] جلستان بانتظار الإرسال
    [few] { $waiting } جلسات بانتظار الإرسال
   *[other] { $waiting } جلسة بانتظار الإرسال
}
cli-lrs-last-error = آخر خطأ: { $why }
lrs-error-unreachable = تعذّر الوصول إلى مخزن السجلات (لا شبكة، أو هو متوقف)؛ تنتظر النتائج وتُرسل حين يردّ
lrs-error-credentials = رفض مخزن السجلات مستخدم هذا الجهاز أو كلمة سره: اطلب من مدرّبك مراجعة الإعدادات › مخزن سجلات الفريق
lrs-error-secret = لا كلمة سر لمخزن السجلات على هذا الجهاز: أدخلها في الإعدادات › مخزن سجلات الفريق
cli-pull-report = { $endpoint }: قُرئ { $read } بيانًا، وجلسات جديدة { $sessions }، ومعروفة { $known }، ومن أدوات أخرى { $foreign }، ومتروكة { $skipped }
cli-pull-skipped = rapport: تُرك البيان { $id }: { $why }
cli-pull-stopped = توقف السحب: { $why } (ما قُرئ محفوظ كاملًا؛ يكمله السحب التالي)
cli-trainee-profile = { $name }: البريد { $email }، رقم نظام التعلّم { $lms } (الحساب { $account })
cli-forget-lrs = البيانات التي أُرسلت إلى { $endpoint } باقية هناك: لا يستطيع Rapport الحذف من مخزن السجلات. اطلب من مسؤوله حذف بيانات الحساب { $account }.
cli-cannot-start-there = لا يمكن البدء من هناك: { $why }
cli-from-not-recorded = الجولة التي تبدأ بـ ‎--from‎ أو ‎--set‎ أو ‎--patience‎ للتمرين ولا تُسجَّل: احذف ‎--trainee
cli-checked = فُحص { $files } ملف سيناريو: { $ready } جاهز، { $errors } خطأ، { $warnings } تحذير
cli-rules-untrained = قواعد لا يدرّب عليها أي سيناريو بعد: { $rules }
cli-channels-unused = قنوات لا يستخدمها أي سيناريو بعد: { $channels }
cli-longest-share = تحذير: الخيار الأفضل هو أطول نص `{ $lang }` في { $n } من { $of } خطوة قرار ({ $pct }%، فوق { $limit }%): يبيّن `rapport analyze` أين
cli-rank-share = تحذير: الخيار الأفضل يحتلّ المرتبة { $rank } من حيث الطول (1 = الأطول) في { $n } من { $of } خطوة قرار بلغة `{ $lang }` ({ $pct }%، فوق { $limit }%): يمكن للمتدرّب أن يختار بحسب الطول
cli-cannot-create = تعذّر إنشاء { $path }: { $error }

## أخطاء ملف التقدّم

store-not-a-database = { $path }: ليس ملف تقدّم لـ Rapport (ليس قاعدة بيانات SQLite)؛ تُرك كما هو
store-foreign = { $path }: قاعدة بيانات SQLite ليست ملف تقدّم لـ Rapport (تحتوي { $tables })؛ تُركت كما هي
store-too-new = { $path }: كتبته نسخة أحدث من Rapport (إصدار المخطط { $version }، وهذه تعرف حتى { $known })؛ تُرك كما هو
store-damaged = { $path }: ملف التقدّم تالف ({ $detail })؛ تُرك كما هو — استرجع نسخة احتياطية أو انقله جانباً

## مخزن سجلات التعلّم للفريق (سطر المكتبة، شاشة الفريق)
lrs-sending = جارٍ إرسال النتائج إلى مخزن السجلات…
lrs-all-sent = أُرسلت كل الجلسات إلى مخزن السجلات
lrs-waiting = { $n ->
    [one] جلسة واحدة بانتظار الإرسال
    [two] جلستان بانتظار الإرسال
    [few] { $n } جلسات بانتظار الإرسال
   *[other] { $n } جلسة بانتظار الإرسال
}
lrs-last-error = آخر خطأ: { $why }
lrs-refresh = تحديث من مخزن السجلات
lrs-pulling = جارٍ الجلب من مخزن السجلات…
lrs-pulled = { $n ->
    [0] لا جلسات جديدة من مخزن السجلات
    [one] جلسة جديدة واحدة من مخزن السجلات
    [two] جلستان جديدتان من مخزن السجلات
    [few] { $n } جلسات جديدة من مخزن السجلات
   *[other] { $n } جلسة جديدة من مخزن السجلات
}

## الإعدادات › مخزن سجلات الفريق
settings-lrs = مخزن سجلات الفريق
lrs-not-connected = غير متصل: تبقى النتائج على هذا الحاسوب.
lrs-details = المستخدم { $user } · الفريق { $team } · كلمة السر { $secret }
lrs-secret-keyring = في سلسلة مفاتيح النظام
lrs-secret-env = من { $var }
lrs-secret-none = غير مضبوطة
lrs-edit-address = العنوان…
lrs-edit-user = المستخدم…
lrs-edit-secret = كلمة السر…
lrs-edit-team = الفريق…
lrs-names-on = إرسال الأسماء: مفعّل
lrs-names-off = إرسال الأسماء: معطّل
lrs-test = اختبار الاتصال
lrs-test-ok = متصل:
lrs-field-address = عنوان xAPI لمخزن السجلات، مثل https://lrs.example.com/xAPI/
lrs-field-user = مستخدم مخزن السجلات (المفتاح) لهذا الجهاز
lrs-field-secret = كلمة سر هذا المستخدم (تُحفظ في سلسلة مفاتيح النظام)
lrs-field-team = الفريق (الاسم نفسه على كل أجهزة الفريق)
lrs-field-hint = ‏Enter للحفظ · Esc للإلغاء
lrs-bad-address = «{ $url }» ليس عنوان مخزن سجلات: يبدأ بـ https://‎ (أو http://‎)
lrs-no-keyring = سلسلة مفاتيح النظام غير متاحة ({ $why })؛ لم تُحفظ كلمة السر: شغّل Rapport مع ضبط { $var }
lrs-not-saved = تعذّر حفظ الإعداد: انظر الرسالة تحت العنوان.
