# متن‌های رابط به فارسی. همه‌ی کلیدهای جدول انگلیسی اینجا هم هست.

ring = ☎ تلفن زنگ می‌زند.
second-chat = 💬 مشتری دیگری منتظر است: { $text }
you = شما
timer-expired = ⏱ وقت تمام شد.
patience = صبر
ending = پایان
score = امتیاز
better = بهتر بود: { $choice }
upholds = رعایت می‌کند
breaks = زیر پا می‌گذارد
outcome-delighted = مشتری خشنود
outcome-retained = مشتری حفظ شد
outcome-escalated = ارجاع به بالاتر
channel-phone = تلفن
channel-email = ایمیل
channel-live-chat = گفتگوی آنلاین
channel-social-media = شبکه‌های اجتماعی
channel-in-person = حضوری
quit = (خروج. امتیازی ثبت نشد.)
pick-scenario = یک سناریو را با شماره‌اش انتخاب کنید:
who-title = چه کسی آموزش می‌بیند؟
who-new = + کارآموز جدید
who-name-hint = یک نام بنویسید و Enter بزنید
who-none = هنوز کارآموزی نیست: برای شروع یکی اضافه کنید.
language = زبان
text-size = اندازه متن
continue = ادامه
library-title = سناریوهای { $name }
difficulty = سطح { $n }
last-score = آخرین امتیاز { $score }
not-played = هنوز بازی نشده
resume = ادامه
broken-scenario = خطا دارد، برای بازی فایل را درست کنید
broken-last-good = آخرین نسخه سالم هنوز قابل بازی است
settings = تنظیمات
back = بازگشت
paused = مکث
resume-play = ادامه
quit-to-library = ذخیره و رفتن به کتابخانه
no-audio = دستگاه صوتی پیدا نشد: بی‌صدا پخش می‌شود. زیرنویس‌ها همه صداها را نشان می‌دهند.
replay-from = بازپخش از اینجا
you-chose = شما
by-rule = بر اساس قاعده
decisions = تصمیم‌های شما
play-again = دوباره بازی کن
library = کتابخانه
volume-voice = بلندی صدای گفتار
volume-effects = بلندی جلوه‌های صوتی
volume-music = بلندی موسیقی
mute = بی‌صدا کردن همه صداها
reduced-motion = کاهش حرکت
on = روشن
off = خاموش
keys-play = برای انتخاب: ۱ تا ۹ · برای مکث: Esc
keys-menu = برای حرکت: Tab یا جهت‌نماها · برای انتخاب: Enter · برای بازگشت: Esc
trains = آموزش: { $rules }
time-left = { $seconds } ثانیه برای پاسخ
quit-app = خروج
customer = مشتری
to-debrief = دیدن مرور
by-channel = بر اساس کانال
my-progress = پیشرفت من
team = تیم
track-progress = { $passed }/{ $total } با نمره‌ی { $bar }+
track-next = بعدی: { $title }
progress-title = پیشرفت — { $name }
no-sessions-yet = هنوز جلسه‌ی کاملی نیست: یک سناریو بازی کنید تا پیشرفتتان اینجا دیده شود.
mastery-heading = تسلط بر هر قاعده (تسلط از { $bar }%؛ جلسه‌های تازه‌تر وزن بیشتری دارند)
mastered = مسلط
tracks = مسیرها
due-on = موعد { $date }
abandoned = نیمه‌کاره
trend-heading = تسلط بر هر قاعده در طول زمان
team-title = تیم
period-all = همه‌ی زمان‌ها
all-tracks = همه‌ی مسیرها
team-explain-mastery = خانه‌ها: تسلط بر هر قاعده (جلسه‌های تازه‌تر وزن بیشتری دارند). برای دیدن جلسه‌ها نشانگر را روی خانه ببرید.
team-explain-average = خانه‌ها: میانگین نمره‌ی هر قاعده در این بازه. برای دیدن جلسه‌ها نشانگر را روی خانه ببرید.
weakest-rules = ضعیف‌ترین قاعده‌ها
overdue-heading = مرورهای عقب‌افتاده
nobody-overdue = هیچ‌کس عقب نیست.
no-trainees = هنوز هیچ کارآموزی بازی نکرده است.
trainee = کارآموز
track = مسیر
overdue = عقب‌افتاده
and-more = و { $n } مورد دیگر
default-trainee = کارآموز

on-hold = ♪ مشتری پشت خط منتظر است.
silence = (چیزی نگفتید.)
cut-in = (وقتی { $name } هنوز حرف می‌زد، حرفش را قطع کردید.)
answer-within = ⏱ باید ظرف { $seconds } ثانیه پاسخ دهید.
choices-hint = یک شماره بنویسید و Enter بزنید. پاسخ دادن پیش از تمام شدن حرف مشتری، قطع کردن حرف او حساب می‌شود.
debrief = جمع‌بندی
outcome-lost = مشتری از دست رفت
speaking = { $name } دارد صحبت می‌کند…
minutes = { $n } دقیقه
track-passed = گذرانده شد
refresher-due = وقت یادآوری است
refreshers-due = یادآوری‌های موعددار:
refreshers = یادآوری‌ها
resume-changed = سناریو از وقتی ترکش کردید تغییر کرده؛ از نو شروع می‌شود.
n-sessions = { $n } جلسه
sessions-heading = جلسه‌ها ({ $n })
period-weeks = { $n } هفته‌ی اخیر
overdue-line = { $name }: { $n } مورد عقب‌افتاده، قدیمی‌ترینش { $days } روز
address-me = مرا این‌طور خطاب کنید
address-female = خانم
address-male = آقا
address-unsaid = هر دو صورت
settings-scenarios = سناریوهای شما
scenarios-folder-count = { $n ->
    [0] هنوز هیچ: فایل سناریو (.ron) را اینجا ذخیره کنید تا در کتابخانه بیاید
   *[other] { $n } سناریوی خودتان
}
scenarios-folder-set-by = هنگام اجرای Rapport با { $by } تعیین شده
scenarios-folder-open = باز کردن پوشه
scenarios-folder-change = تغییر…
scenarios-folder-default = بازگشت به پوشهٔ پیش‌فرض
scenarios-folder-hint = مسیر کامل یک پوشه را بنویسید و Enter را بزنید (‏Esc برای لغو)
scenarios-folder-bad = از این پوشه نمی‌توان استفاده کرد: { $error }
scenarios-folder-none = فقط سناریوهای همراه Rapport (پوشهٔ داده‌ای نیست)
yours = ساختهٔ شما
yours-replaces = ساختهٔ شما، به‌جای سناریوی همراه Rapport

## خط فرمان

cli-seed = بذر { $seed }
cli-stops-here = (مسیر اینجا، در `{ $node }`، متوقف می‌شود. گزینه‌های موجود: { $choices })
cli-no-playable = هیچ سناریوی قابل بازی‌ای نیست؛ `rapport --help` را ببینید
cli-not-a-number = `{ $answer }` جزو شماره‌های بالا نیست
cli-choices-step = --choices گام { $n } { $message }
cli-no-scenario = سناریویی با شناسهٔ `{ $id }` در کتابخانه نیست (فایلی هم با این نام نیست){ $hint }
cli-set-in-settings = تنظیمات › سناریوهای شما
cli-scenarios-missing = پوشهٔ سناریوها { $path } وجود ندارد (با { $by } تعیین شده)؛ آن را بسازید، یا پوشهٔ دیگری را با ‎--scenarios DIR‎، { $env } یا از تنظیمات › سناریوهای شما تعیین کنید
cli-no-such-file = چنین فایلی نیست: { $path }
cli-known-scenarios = سناریوهای موجود: { $ids }
cli-has-errors = سناریو خطا دارد و قابل استفاده نیست
cli-did-you-mean = { " " }(منظورتان `{ $word }` بود؟)
cli-no-data-folder = این سیستم پوشه‌ی داده ندارد؛ فایل پیشرفت را با --store مشخص کنید
cli-no-trainee = کارآموزی به نام `{ $name }` در فایل پیشرفت نیست{ $hint }
cli-progress-head = { $name } — { $n } جلسه ({ $finished } از { $recent } جلسه‌ی اخیر کامل شده)
cli-mastery-head = تسلط (تسلط از { $bar }% با دست‌کم { $min } جلسه؛ جلسه‌های تازه‌تر وزن بیشتری دارند)
cli-no-sessions = هنوز جلسه‌ای نیست
cli-track-line = { $passed }/{ $total } با نمره‌ی { $bar }%+
cli-track-next = بعدی: { $title }
cli-refreshers-none = هنوز چیزی زمان‌بندی نشده
cli-last-best = آخرین { $last }%  بهترین { $best }%
cli-last = آخرین { $last }%
cli-recent = جلسه‌های اخیر
cli-status-finished = کامل
cli-status-abandoned = نیمه‌کاره
cli-no-trainees-in = هنوز کارآموزی در { $path } نیست.
cli-col-trainee = کارآموز
cli-col-sessions = جلسه‌ها
cli-col-last = آخرین
cli-col-mastered = مسلط
cli-col-overdue = عقب‌افتاده
cli-weakest = ضعیف‌ترین قاعده‌ی تیم: { $rule } ({ $pct }%)
cli-due-now = الان موعد است
cli-due-in = { $days } روز دیگر
cli-overdue-by = { $days } روز عقب‌افتاده
cli-nothing-due = موعد هیچ یادآوری‌ای نرسیده.
cli-forget-needs-yes = حذف کارآموز برگشت‌پذیر نیست؛ برای تأیید --yes را اضافه کنید
cli-forget-confirm = همه‌ی جلسه‌ها و نمره‌های `{ $name }` برای همیشه حذف شود؟ برای تأیید نام را بنویسید:
cli-nothing-deleted = چیزی حذف نشد.
cli-forgot = `{ $name }` حذف شد: { $n } جلسه و همه‌ی نمره‌ها.
cli-export-failed = خروجی گرفتن ناموفق بود: { $error }
cli-sync-report = { $endpoint }: { $sent } ارسال شد، { $before } پیش‌تر ارسال شده بود، { $queued } هنوز در صف است
cli-sync-stopped = همگام‌سازی متوقف شد: { $why }
cli-sync-queued = { $n } گزاره در صف می‌ماند و با همگام‌سازی بعدی می‌رود
cli-lrs-bad-url = ‏`{ $url }` نشانی یک مخزن سوابق یادگیری نیست: نشانی xAPI آن را بدهید، مثلاً https://lrs.example.com/xAPI/
cli-lrs-saved = مخزن سوابق تنظیم شد: { $endpoint } (تیم: { $team }؛ ارسال نام‌ها: { $names })
cli-lrs-ask-secret = رمز { $user } (نمایش داده نمی‌شود):{" "}
cli-lrs-secret-from-env = رمز از { $var } خوانده می‌شود؛ چیزی از آن روی این دستگاه نگه داشته نمی‌شود.
cli-lrs-secret-kept = رمز در جاکلیدی سیستم‌عامل نگه داشته شد.
cli-lrs-no-keyring = rapport: جاکلیدی سیستم‌عامل در دسترس نیست ({ $why })؛ رمز هیچ‌جا ذخیره نشد: هنگام همگام‌سازی یا دریافت، آن را در { $var } بدهید
cli-lrs-not-set = روی این دستگاه مخزن سوابقی تنظیم نشده است: اول `rapport lrs set URL --user USER` را اجرا کنید
cli-lrs-removed = اتصال به مخزن سوابق و رمز آن حذف شد؛ جلسه‌های ثبت‌شده می‌مانند.
cli-lrs-answered = { $endpoint } پاسخ داد: { $said } (رمز از { $from })
cli-lrs-test-failed = { $endpoint } آن‌طور که باید پاسخ نداد: { $why }
cli-lrs-status = { $endpoint } (تیم: { $team }): { $waiting ->
    [0] همهٔ جلسه‌ها ارسال شده‌اند
   *[other] { $waiting } جلسه در انتظار ارسال
}
cli-lrs-last-error = آخرین خطا: { $why }
cli-pull-report = { $endpoint }: { $read } گزاره خوانده شد، { $sessions } جلسهٔ تازه، { $known } شناخته، { $foreign } از ابزارهای دیگر، { $skipped } کنار گذاشته
cli-pull-skipped = rapport: گزارهٔ { $id } کنار گذاشته شد: { $why }
cli-pull-stopped = دریافت متوقف شد: { $why } (آنچه خوانده شد کامل نگه داشته شده است؛ دریافت بعدی آن را تمام می‌کند)
cli-trainee-profile = { $name }: ایمیل { $email }، شناسهٔ سامانهٔ آموزشی { $lms } (حساب { $account })
cli-forget-lrs = گزاره‌هایی که به { $endpoint } فرستاده شده‌اند آنجا می‌مانند: Rapport نمی‌تواند از مخزن سوابق حذف کند. از مدیر آن بخواهید گزاره‌های حساب { $account } را حذف کند.
cli-checked = { $files } فایل سناریو بررسی شد: { $ready } آماده، { $errors } خطا، { $warnings } هشدار
cli-rules-untrained = قاعده‌هایی که هنوز هیچ سناریویی آموزششان نمی‌دهد: { $rules }
cli-channels-unused = کانال‌هایی که هنوز هیچ سناریویی از آن‌ها استفاده نمی‌کند: { $channels }
cli-longest-share = هشدار: بهترین گزینه در { $n } از { $of } گام تصمیم طولانی‌ترین متن `{ $lang }` است ({ $pct }%، بیش از { $limit }%): `rapport analyze` جایش را نشان می‌دهد
cli-rank-share = هشدار: بهترین گزینه در { $n } از { $of } گام تصمیم `{ $lang }` رتبهٔ { $rank } را از نظر طول دارد (۱ = طولانی‌ترین) ({ $pct }%، بیش از { $limit }%): کارآموز می‌تواند از روی طول انتخاب کند
cli-cannot-create = ساختن { $path } ممکن نشد: { $error }

## خطاهای فایل پیشرفت

store-not-a-database = { $path }: فایل پیشرفت Rapport نیست (پایگاه داده‌ی SQLite نیست)؛ دست‌نخورده ماند
store-foreign = { $path }: پایگاه داده‌ی SQLite است اما فایل پیشرفت Rapport نیست (شامل { $tables })؛ دست‌نخورده ماند
store-too-new = { $path }: نسخه‌ی جدیدتری از Rapport آن را نوشته (نسخه‌ی طرح { $version }، این نسخه تا { $known } را می‌شناسد)؛ دست‌نخورده ماند
store-damaged = { $path }: فایل پیشرفت آسیب دیده است ({ $detail })؛ دست‌نخورده ماند — نسخه‌ی پشتیبان را برگردانید یا آن را جابه‌جا کنید

## مخزن سوابق یادگیری تیم (سطر کتابخانه، صفحهٔ تیم)
lrs-sending = در حال ارسال نتیجه‌ها به مخزن سوابق…
lrs-all-sent = همهٔ جلسه‌ها به مخزن سوابق ارسال شده‌اند
lrs-waiting = { $n } جلسه در انتظار ارسال
lrs-last-error = آخرین خطا: { $why }
lrs-refresh = به‌روزرسانی از مخزن سوابق
lrs-pulling = در حال دریافت از مخزن سوابق…
lrs-pulled = { $n ->
    [0] جلسهٔ تازه‌ای از مخزن سوابق نیامد
   *[other] { $n } جلسهٔ تازه از مخزن سوابق
}
