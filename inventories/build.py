"""Build the sample vendor inventories in this folder (sample data written for gapcheck; the vendors
and products are fictional).

    python inventories/build.py

Writes, for specs/juki-1.0.json (住民記録) and specs/inkan-1.0.json (印鑑登録):

- juki-catalog.xlsx      a vendor's own feature catalog without standard IDs (業務 column merged
                         down, ○/△/カスタマイズ marks, a running No column, a cover sheet)
- inkan-tekigo.xlsx      a 適合表: the standard's IDs (some typed as numbers, some full-width, one
                         mistyped, one not in the standard) with ○/△/×/blank and comments, and the
                         vendor's 独自機能 under a heading at the end
- juki-messy.xlsx        title rows, a merged two-row header, section-heading rows, blank separator
                         rows, a hidden column, a hidden row, line breaks in cells, half-width katakana,
                         full-width vendor IDs, several IDs per cell, 凡例 / 改版履歴 / 表紙 sheets, and
                         the vendor's own mark C (カスタマイズ) that only its 凡例 explains
- juki-messy.layout.json the layout file that tells gapcheck what C means
- juki-messy-cp932.csv   the list sheet of juki-messy.xlsx as Excel's «CSV (コンマ区切り)» saves it
- expected.json          the answer key: per file and feature, the key, row, section, cited IDs and
                         mark gapcheck must read, and the requirements a careful reviewer maps it to
                         ("extra" for 独自機能; "ambiguous" where a matcher should ask a person)

The output is byte-for-byte the same on every run (fixed timestamps inside the workbooks).
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

HERE = Path(__file__).resolve().parent
STAMP = datetime(2025, 4, 1, 9, 0, 0)
NOTICE = "※ gapcheck のサンプルデータです（架空のベンダー・製品）。"

FONT = Font(name="ＭＳ Ｐゴシック", size=10)
BOLD = Font(name="ＭＳ Ｐゴシック", size=10, bold=True)
TITLE = Font(name="ＭＳ Ｐゴシック", size=14, bold=True)
FILL = PatternFill("solid", fgColor="D9E1F2")
HEADING_FILL = PatternFill("solid", fgColor="FFF2CC")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

# --- (a) 住民記録: the vendor's own catalog, no standard IDs ------------------------------------------
# (業務, 機能名, 機能概要, 標準対応, 備考, expect, ambiguous); expect: requirement ids or "extra"

CATALOG = [
    ("住民異動", "転入異動入力", "他市区町村からの転入届に基づき住民票を作成する。転出証明書の記載事項を取り込む。", "○", "", ["0010021"], False),
    ("住民異動", "転出異動入力", "転出届を受け付け、転出予定日・転出先住所を登録し、転出証明書を発行する。", "○", "", ["0010022"], False),
    ("住民異動", "転居異動入力", "市内での住所変更（転居）を処理する。", "○", "", ["0010023"], False),
    ("住民異動", "世帯変更入力", "世帯主の変更、世帯構成の変更を処理する。", "○", "", ["0010024"], False),
    ("住民異動", "転入通知送受信", "住基ネット経由で転入通知を送信・受信する。", "○", "", ["0010025", "0010026"], False),
    ("住民異動", "特例転入処理", "マイナンバーカードを利用した転入（特例転入）を処理する。", "○", "", ["0010027"], False),
    ("住民異動", "転出届オンライン受付", "マイナポータルから送信された転出届を取り込む。", "△", "転出予定日以外の一部項目は手入力", ["0010028"], False),
    ("住民異動", "国外転出処理", "国外への転出届を処理する。", "○", "", ["0010030"], False),
    ("住民異動", "出生届処理", "出生届に基づき子を世帯に追加し、住民票を作成する。", "○", "", ["0010041"], False),
    ("住民異動", "死亡届処理", "死亡者の住民票を消除する。世帯主の死亡時は世帯主変更を促す。", "○", "", ["0010042"], False),
    ("住民異動", "職権異動処理", "職権による記載・消除・修正を行う。", "○", "", ["0010043", "0010044", "0010045"], True),
    ("住民異動", "入管通知取込", "出入国在留管理庁からの通知（法務省通知）を取り込み、在留情報を更新する。", "○", "", ["0010047"], False),
    ("住民異動", "世帯分離・合併", "同一住所内での世帯の分離・合併を処理する。", "○", "", ["0010061", "0010062"], False),
    ("住民異動", "手書き届出書OCR自動異動", "窓口で記入された届出書をOCRで読み取り、確認画面を経ずに自動で異動処理する。", "○", "R5年度導入", ["0010033"], False),
    ("住民異動", "異動処理", "各種異動の入力・訂正を行う。", "○", "", ["0010043", "0010045"], True),
    ("住民異動", "来庁予約（異動届）", "転入・転出の来庁予約をWebで受け付ける。", "○", "市独自", "extra", True),
    ("住民票管理", "住民記録管理", "日本人住民・外国人住民の住民票を管理する。", "○", "", ["0010001", "0010002"], False),
    ("住民票管理", "在留カード情報管理", "外国人住民の在留カード番号・在留期間等を管理する。", "○", "", ["0010003"], False),
    ("住民票管理", "住民票改製", "住民票を改製し、改製前の住民票を保存する。", "○", "", ["0010007"], False),
    ("住民票管理", "除票管理", "消除された住民票（除票）を保存・管理する。", "○", "", ["0010009"], False),
    ("住民票管理", "外字管理", "外字の作成・登録を行う。", "△", "行政事務標準文字への対応は次期バージョン", ["0010010"], False),
    ("証明発行", "住民票発行（窓口）", "住民票の写しを窓口で交付する。記載事項を選択できる。", "○", "", ["0010101", "0010107"], False),
    ("証明発行", "記載事項証明書発行", "住民票記載事項証明書を作成する。", "○", "", ["0010102"], False),
    ("証明発行", "除票発行", "除票の写しを交付する。", "○", "", ["0010104"], False),
    ("証明発行", "広域交付", "他市区町村に住所のある者の住民票の写しを交付する。", "△", "一部の様式のみ", ["0010106"], False),
    ("証明発行", "第三者請求受付", "弁護士等の第三者からの請求を受け付け、審査結果を記録する。", "○", "", ["0010108"], False),
    ("証明発行", "交付履歴照会", "証明書の交付履歴を照会する。", "○", "", ["0010110"], False),
    ("証明発行", "コンビニ交付連携", "コンビニ交付サービスに証明書データを連携する。", "○", "", ["0010111"], False),
    ("証明発行", "市独自様式証明書発行", "市独自の様式（英文併記など）で証明書を作成する。", "○", "", ["0010112"], False),
    ("証明発行", "証明書発行", "各種証明書を発行する。", "○", "", ["0010101", "0010102", "0010104"], True),
    ("証明発行", "住民票郵送請求管理", "郵送による住民票の写しの請求を受け付け、発送を管理する。", "カスタマイズ", "現行は個別開発", ["0010101"], True),
    ("証明発行", "支援措置対象者登録", "DV等支援措置の対象者を登録する。", "○", "", ["0010121"], False),
    ("証明発行", "交付制限チェック", "支援措置対象者に係る証明書の交付を制限する。", "○", "", ["0010122"], False),
    ("証明発行", "支援措置アラート", "対象者の画面を開いたときに警告を表示する。", "○", "", ["0010124"], False),
    ("番号管理", "住民票コード付番", "住民票コードを記載する。", "○", "", ["0010081"], False),
    ("番号管理", "住民票コード通知票作成", "住民票コード通知票を作成する。", "○", "", ["0010083"], False),
    ("番号管理", "個人番号付番連携", "機構から個人番号を受け取り住民票に記載する。", "○", "", ["0010085"], False),
    ("番号管理", "個人番号カード交付管理", "個人番号カードの交付状況を管理する。", "△", "交付予約は別システム", ["0010086"], False),
    ("照会", "カナ氏名検索", "カナ氏名で住民を検索する。", "○", "", ["0010141"], False),
    ("照会", "生年月日検索", "生年月日で住民を検索する。", "○", "", ["0010142"], False),
    ("照会", "異動履歴照会", "個人の異動履歴を照会する。", "○", "", ["0010151"], False),
    ("照会", "世帯照会", "世帯構成員を一覧で照会する。", "○", "", ["0010152"], False),
    ("照会", "閲覧リスト作成", "住民基本台帳の一部の写しの閲覧用リストを作成する。", "○", "", ["0010154"], False),
    ("照会", "住民照会", "住民の情報を照会する。", "○", "", ["0010151", "0010152"], True),
    ("統計", "人口統計表作成", "月末の人口・世帯数の統計表を作成する。", "○", "", ["0010161"], False),
    ("統計", "異動統計作成", "異動事由別の統計を作成する。", "△", "月次のみ", ["0010162"], False),
    ("統計", "町丁字別人口集計", "町丁字別の人口を集計する。", "○", "", ["0010165"], False),
    ("統計", "人口速報（庁内掲示用）", "毎月の人口・世帯数速報を庁内掲示用の様式で出力する。", "○", "独自様式", "extra", True),
    ("連携", "他業務連携（異動データ送信）", "税・福祉等の他業務システムへ異動データを送信する。", "○", "", ["0010181"], False),
    ("連携", "附票システム連携", "戸籍の附票システムへ異動情報を連携する。", "○", "", ["0010182"], False),
    ("連携", "EUCデータ抽出", "EUC用のデータを抽出する。", "○", "", ["0010183"], False),
    ("連携", "住基ネット連携", "本人確認情報を住基ネットのCSへ送信する。", "○", "", ["0010191"], False),
    ("システム管理", "日次バッチ", "日次の更新処理を実行する。", "○", "", ["0010201"], False),
    ("システム管理", "在留期限切れ者抽出", "在留期間が満了した外国人住民を抽出する。", "○", "", ["0010202"], False),
    ("システム管理", "年齢到達者一覧", "指定した年齢に到達する住民の一覧を作成する。", "○", "", ["0010203"], False),
    ("システム管理", "操作ログ管理", "操作ログを記録し、照会する。", "○", "", ["0010211", "0010212"], False),
    ("システム管理", "権限設定", "職員ごとの利用権限を設定する。", "○", "", ["0010213"], False),
    ("システム管理", "ログイン認証", "ID・パスワードと生体認証で利用者を認証する。", "○", "", ["0010214"], False),
    ("窓口サービス", "窓口混雑状況表示", "窓口の待ち人数・待ち時間を庁舎内モニタとWebに表示する（独自の窓口混雑表示）。", "○", "", "extra", False),
    ("窓口サービス", "番号札発券連携", "発券機と連携して呼出番号を管理する。", "○", "", "extra", False),
    ("窓口サービス", "転入者向け案内出力", "ごみ出し・子育て支援などの案内文書を転入時に出力する。", "○", "", "extra", False),
]

# --- (b) 印鑑登録: a 適合表 ----------------------------------------------------------------------------
# (機能ID as written, 機能名称, 実装区分, 適合状況, 回答コメント); the names are the standard's.
# IDs: text, a number that lost its leading zero, full-width digits, a typo, an ID not in the standard.

TEKIGO = [
    ("0200001", "印鑑登録の受付", "実装必須", "○", ""),
    (200002, "登録申請印鑑の審査", "実装必須", "○", ""),
    ("0200003", "印影の電子登録", "実装必須", "○", "スキャナ取込"),
    ("0200004", "代理人による印鑑登録の受付", "実装必須", "○", ""),
    ("0200005", "外国人住民の印鑑登録の受付", "実装必須", "△", "通称の登録は手入力"),
    (200006, "登録事項の職権修正", "実装必須", "○", ""),
    ("0200007", "同一人による複数印鑑の登録", "実装不可", "○", "現行は業務用に複数登録を許容している"),
    ("０２０００２１", "印鑑登録の廃止", "実装必須", "○", ""),
    ("０２０００２２", "転出に伴う職権廃止", "実装必須", "〇", "住民記録から自動連携"),
    ("0200023", "死亡に伴う職権廃止", "実装必須", "○", ""),
    ("0200024", "氏名の変更に伴う職権廃止", "実装必須", "×", "次期バージョンで対応予定"),
    ("0200025", "転出取消に伴う印鑑登録の回復", "標準オプション", "×", ""),
    ("0200031", "印鑑登録原票の管理", "実装必須", "○", ""),
    ("0200032", "紙の印鑑登録原票のイメージ取込み", "標準オプション", "○", ""),
    ("0200033", "廃止原票の保存", "実装必須", "○", ""),
    ("0200041", "官公署発行書類による本人確認", "実装必須", "○", ""),
    ("0200042", "保証人による本人確認", "実装必須", "一部対応", "保証人の登録番号チェックなし"),
    ("0200043", "照会書による本人確認", "実装必須", "○", ""),
    ("0200044", "照会書の回答期限の管理", "実装必須", "△", "期限超過の一覧のみ"),
    ("0200045", "顔認証のみによる即時登録", "実装不可", "×", ""),
    ("0200051", "印鑑登録証の交付", "実装必須", "○", ""),
    ("0200052", "印鑑登録証の再交付", "標準オプション", "○", ""),
    ("0200053", "印鑑登録証の亡失届の受付", "実装必須", "○", ""),
    ("0200054", "個人番号カードの印鑑登録証としての利用", "標準オプション", "", ""),
    ("0200061", "印鑑登録証明書の交付", "実装必須", "○", ""),
    ("0200062", "印影の照合", "実装必須", "○", ""),
    ("0200063", "印影の自動照合のみによる交付判定", "実装不可", "×", ""),
    ("0200064", "印鑑登録証明書のコンビニ交付", "標準オプション", "○", ""),
    ("0200065", "印鑑登録証明書の交付履歴の管理", "実装必須", "○", ""),
    ("0200066", "印鑑登録証明書への独自項目の追記", "実装不可", "△", "備考欄に市独自の注記を印字できる"),
    ("0200067", "印鑑登録証の提示によらない証明書の交付", "実装不可", "対応不可", ""),
    ("0200071", "印鑑登録者の検索", "実装必須", "○", ""),
    ("0200072", "印鑑登録の異動履歴の照会", "実装必須", "○", ""),
    ("0200O81", "印鑑登録統計の作成", "実装必須", "○", "月報・年報"),
    ("0200082", "印鑑登録証明書交付統計の作成", "標準オプション", "×", ""),
    ("0200091", "住民記録システムからの異動情報の受信", "実装必須", "○", ""),
    ("0200092", "他システムへの印影データの提供", "実装不可", "×", ""),
    ("0200101", "操作ログの記録", "実装必須", "○", ""),
    ("0200102", "操作ログの照会", "実装必須", "○", ""),
    ("0200103", "権限管理", "実装必須", "○", ""),
    ("0200099", "印鑑登録情報の一括出力", "", "○", "ベンダー追記：CSV出力"),
    ("0202001", "印鑑登録証明書", "実装必須", "○", ""),
    ("0202002", "印鑑登録証", "実装必須", "○", "カード様式"),
    ("0202011", "印鑑登録廃止通知書", "実装必須", "×", ""),
    ("0202012", "照会書（回答書）", "実装必須", "○", ""),
    ("0202013", "印鑑登録原票の写し", "標準オプション", "", ""),
]
TEKIGO_EXTRAS_HEADING = "【独自機能】"
TEKIGO_EXTRAS = [  # (機能名称, 適合状況, 回答コメント, expect, ambiguous)
    ("印鑑登録証明書自動交付機連携", "○", "庁舎内の自動交付機で交付", "extra", False),
    ("印影照合支援（拡大・重ね合わせ表示）", "○", "", ["0200062"], True),
    ("窓口受付票の発行", "○", "", "extra", False),
]

# --- (c) 住民記録, another vendor: the messy one -------------------------------------------------------
# Headings (■ …) hold (中分類, 機能No, 機能名称, 機能説明, 旧コード, 機能ID, 対応状況, 備考, expect,
# ambiguous, hidden). 中分類 is merged down over its rows; None repeats the one above.

MESSY_MARKS = [("◎", "標準機能で対応"), ("○", "パラメータ設定で対応"), ("△", "一部対応（運用回避を含む）"),
               ("×", "未対応"), ("C", "カスタマイズで対応")]
MESSY = [
    ("■ 住民異動", [
        ("届出", "HJ-0101", "転入処理", "転入届を受け付け住民票を作成する。\n転出証明書の内容を入力。", "A101", 10021, "◎", "", ["0010021"], False, False),
        (None, "HJ-0102", "転出処理", "転出届を受け付ける。\n転出証明書を発行する。", "A102", "0010022\n0012003", "◎", "", ["0010022", "0012003"], False, False),
        (None, "HJ-0103", "転居処理", "市内転居を処理する。", "A103", "0010023", "◎", "", ["0010023"], False, False),
        (None, "ＨＪ－０１０４", "世帯変更処理", "世帯主変更・世帯構成の変更。", "A104", "0010024", "○", "", ["0010024"], False, False),
        (None, "HJ-0105", "転入通知（CS送受信）", "", "A105", "0010025、0010026", "◎", "", ["0010025", "0010026"], False, False),
        (None, "HJ-0106", "ﾏｲﾅﾎﾟｰﾀﾙ転出届取込", "オンライン転出届を取り込む。", "A106", "0010028", "△", "取込後に職員確認が必要", ["0010028"], False, False),
        ("職権", "HJ-0111", "職権処理（記載・消除・修正）", "", "A111", "0010043／0010044／0010045", "◎", "", ["0010043", "0010044", "0010045"], False, False),
        (None, "HJ-0112", "実態調査記録", "実態調査の結果を記録する。", "A112", "", "C", "現行は個別カスタマイズ", ["0010048"], True, False),
        (None, "HJ-0113", "異動訂正", "誤って入力した異動を訂正する。", "", "", "◎", "", ["0010045"], True, False),
        ("世帯", "HJ-0121", "世帯分離・合併", "", "A121", "10061\n10062", "◎", "", ["0010061", "0010062"], False, False),
        (None, "HJ-0122", "同一住所世帯照会", "同一住所の別世帯を表示する。", "A122", "0010065", "○", "", ["0010065"], False, False),
    ]),
    ("■ 証明書交付", [
        ("証明", "HJ-0201", "住民票の写し\n交付（窓口）", "住民票の写しを交付する。", "B201", "００１０１０１", "◎", "", ["0010101"], False, False),
        (None, "HJ-0202", "旧様式住民票発行", "旧様式の住民票を発行する。", "B202", "－", "○", "令和6年度で廃止予定", ["0010101"], True, True),
        (None, "HJ-0203", "除票の写し交付", "", "B203", "0010104", "◎", "", ["0010104"], False, False),
        (None, "HJ-0204", "証明発行", "各種証明書を発行する。", "B204", "", "◎", "", ["0010101", "0010102", "0010104"], True, False),
        (None, "HJ-0205", "本人通知", "事前登録者に証明書の交付を通知する。", "B205", "0010109", "×", "", ["0010109"], False, False),
        ("支援措置", "HJ-0211", "支援措置管理", "支援措置対象者の登録と交付制限を行う。", "B211", "0010121、0010122", "◎", "", ["0010121", "0010122"], False, False),
        (None, "HJ-0212", "支援措置対象者警告", "対象者の画面表示時に警告を出す。", "B212", "0010124", "○", "", ["0010124"], False, False),
    ]),
    ("■ 番号・照会", [
        ("番号", "HJ-0301", "住民票コード管理", "住民票コードの記載・通知票の作成。", "C301", "0010081,0010083", "◎", "", ["0010081", "0010083"], False, False),
        (None, "HJ-0302", "個人番号カード管理", "カードの交付・再交付を管理する。", "C302", "0010086 0010087", "△", "再交付は手作業", ["0010086", "0010087"], False, False),
        ("検索", "HJ-0311", "ｶﾅ氏名検索", "", "C311", "0010141～0010142", "◎", "", ["0010141", "0010142"], False, False),
        (None, "HJ-0312", "異動履歴照会", "", "C312", "001-0151", "◎", "", ["0010151"], False, False),
        (None, "HJ-0313", "住所・方書検索", "住所・方書で住民を検索する。", "C313", "", "◎", "", "extra", True, False),
    ]),
    ("■ 統計・連携", [
        ("統計", "HJ-0401", "人口統計", "人口・世帯数統計表を作成する。", "D401", "0010161", "◎", "", ["0010161"], False, False),
        (None, "HJ-0402", "外国人住民統計", "国籍別の外国人住民数を集計する。", "D402", "0010164", "C", "", ["0010164"], False, False),
        ("連携", "HJ-0411", "福祉システムDB直接更新", "異動時に福祉システムのデータベースを直接更新する。", "D411", "", "◎", "", ["0010184"], False, False),
        (None, "HJ-0412", "他業務への異動連携", "", "D412", "0010181", "◎", "", ["0010181"], False, False),
        (None, "HJ-0413", "附票連携", "", "D413", "0010999", "○", "標準仕様書のIDが不明のため仮", ["0010182"], False, False),
    ]),
    ("■ システム管理", [
        ("運用", "HJ-0501", "ﾊﾞｯﾁ処理（日次）", "", "E501", "0010201", "◎", "", ["0010201"], False, False),
        (None, "HJ-0502", "共用IDログイン", "窓口端末は共用IDでログインする。", "E502", "", "◎", "窓口の運用上必要", ["0010215"], False, False),
        ("ログ", "HJ-0511", "ﾛｸﾞ照会", "操作ログを照会する。", "E511", "0010212", "◎", "", ["0010212"], False, False),
        (None, "HJ-0512", "ログ記録", "", "E512", "0010211", "◎", "", ["0010211"], False, False),
    ]),
    ("■ 独自機能", [
        ("窓口", "HJ-0901", "窓口待ち状況表示ｼｽﾃﾑ連携", "窓口の待ち状況をモニタに表示する。", "F901", "－", "◎", "", "extra", False, False),
        (None, "HJ-0902", "宛名シール印刷", "", "F902", "－", "◎", "", "extra", False, False),
        (None, "HJ-0903", "回覧票出力", "住民異動に伴う他課への回覧票を出力する。", "F903", "－", "○", "", "extra", True, False),
    ]),
]
MESSY_TOP = 5  # the two header rows are 5 and 6
HIDDEN_COLUMN = "E"  # 旧システム機能コード

# --- writing -----------------------------------------------------------------------------------------


def _save(workbook: openpyxl.Workbook, path: Path) -> None:
    """Save with fixed timestamps, so that rebuilding gives the same bytes."""
    workbook.properties.creator = "gapcheck sample"
    workbook.properties.created = STAMP
    buffer = io.BytesIO()
    workbook.save(buffer)
    stamp = STAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            fixed = zipfile.ZipInfo(info.filename, date_time=STAMP.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, data)


def _style(sheet, widths: dict[str, float]) -> None:
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows():
        for cell in row:
            if not cell.font.b:
                cell.font = FONT


def _cover(workbook, title: str, vendor: str) -> None:
    sheet = workbook.create_sheet("表紙")
    sheet["B4"], sheet["B6"], sheet["B8"] = title, vendor, NOTICE
    sheet["B4"].font = TITLE
    _style(sheet, {"B": 60})


def build_catalog(path: Path) -> list[dict]:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    _cover(workbook, "住民記録システム RESIDENT-ONE 機能一覧", "株式会社ふるさとシステムズ")
    sheet = workbook.create_sheet("機能一覧")
    sheet.append(["住民記録システム RESIDENT-ONE 機能一覧"])
    sheet.append([f"2025年4月1日現在　株式会社ふるさとシステムズ　{NOTICE}"])
    sheet.append([])
    header = ["No", "業務", "機能名", "機能概要", "標準対応", "備考"]
    sheet.append(header)
    sheet["A1"].font = TITLE
    for cell in sheet[4]:
        cell.font, cell.fill, cell.border, cell.alignment = BOLD, FILL, BOX, CENTER
    expected = []
    start = 5
    group_start = start
    for number, (business, name, text, mark, note, expect, ambiguous) in enumerate(CATALOG, start=1):
        row = start + number - 1
        first_of_group = number == 1 or CATALOG[number - 2][0] != business
        if first_of_group:
            group_start = row
        sheet.append([number, business if first_of_group else None, name, text, mark, note or None])
        last_of_group = number == len(CATALOG) or CATALOG[number][0] != business
        if last_of_group and row > group_start:
            sheet.merge_cells(f"B{group_start}:B{row}")  # 業務 merged down over its rows
        for cell in sheet[row]:
            cell.border, cell.alignment = BOX, WRAP
        expected.append(_expect(None, "機能一覧", row, [business], name, [], mark, expect, ambiguous))
    sheet.freeze_panes = "A5"
    sheet.auto_filter.ref = f"A4:F{start + len(CATALOG) - 1}"
    _style(sheet, {"A": 5, "B": 12, "C": 26, "D": 60, "E": 10, "F": 30})
    _save(workbook, path)
    return expected


def build_tekigo(path: Path) -> list[dict]:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    guide = workbook.create_sheet("記入要領")
    for line in ["記入要領", "適合状況欄に次の記号を記入してください。", "○：標準機能で対応", "△：一部対応",
                 "×：未対応", "独自機能は表の末尾に追記してください。", NOTICE]:
        guide.append([line])
    _style(guide, {"A": 60})
    sheet = workbook.create_sheet("適合表")
    sheet.append(["印鑑登録システム標準仕様書【第1.0版】適合表"])
    sheet.append([f"回答者：みらい情報サービス株式会社　回答日：2025年5月20日　{NOTICE}"])
    sheet.append(["※ 適合状況欄に ○（標準機能で対応）、△（一部対応）、×（未対応）を記入してください。"])
    sheet.append([])
    sheet.append(["No", "機能ID", "機能名称", "実装区分", "適合状況", "回答コメント"])
    sheet["A1"].font = TITLE
    for cell in sheet[5]:
        cell.font, cell.fill, cell.border, cell.alignment = BOLD, FILL, BOX, CENTER
    expected = []
    row = 6
    for number, (written, name, category, mark, comment) in enumerate(TEKIGO, start=1):
        sheet.append([number, written, name, category or None, mark or None, comment or None])
        if isinstance(written, int):
            sheet.cell(row=row, column=2).number_format = "0"  # typed as a number: the zero is gone
        digits = str(written).translate(str.maketrans("０１２３４５６７８９", "0123456789")).zfill(7)
        if digits.isdigit():
            key, refs, bad = digits, [digits], []
            expect = [digits]
        else:  # the mistyped ID (O for 0): keyed by name, the mistake kept aside
            key, refs, bad = None, [], [digits]
            expect = ["0200081"]
        entry = _expect(key, "適合表", row, [], name, refs, mark, expect, False)
        entry["bad_refs"] = bad
        expected.append(entry)
        row += 1
    sheet.append([None, None, TEKIGO_EXTRAS_HEADING])
    row += 1
    for number, (name, mark, comment, expect, ambiguous) in enumerate(TEKIGO_EXTRAS, start=len(TEKIGO) + 1):
        sheet.append([number, None, name, None, mark, comment or None])
        expected.append(_expect(None, "適合表", row, ["独自機能"], name, [], mark, expect, ambiguous))
        row += 1
    for cells in sheet.iter_rows(min_row=6):
        for cell in cells:
            cell.border, cell.alignment = BOX, WRAP
    sheet.freeze_panes = "A6"
    _style(sheet, {"A": 5, "B": 11, "C": 40, "D": 14, "E": 10, "F": 36})
    _save(workbook, path)
    return expected


def _messy_rows() -> tuple[list[list[object]], list[dict], list[tuple[int, int]], list[int]]:
    """The list sheet's cells (row 1 first), the answer key, merged 中分類 ranges and hidden rows."""
    top = [["HOKUTO住記 V5 機能一覧表"], ["（住民記録システム標準仕様書 第1.0版 対応状況）"],
           [f"作成：北斗電算株式会社　2025年3月　{NOTICE}"], []]
    header = [["機能No", "中分類", "機能", None, "旧システム機能コード", "標準仕様書との対応", None, "備考"],
              [None, None, "機能名称", "機能説明", None, "機能ID", "対応状況", None]]
    cells = top + header
    expected, merges, hidden = [], [], []
    for heading, rows in MESSY:
        if len(cells) > MESSY_TOP + 1:
            cells.append([])  # blank separator row before each group
        cells.append([heading])
        section_name = heading.removeprefix("■ ")
        middle, middle_start = None, None
        for number, item in enumerate(rows):
            group, vendor_id, name, text, old, ref, mark, note, expect, ambiguous, hide = item
            row = len(cells) + 1
            if group is not None:
                if middle_start is not None and row - 1 > middle_start:
                    merges.append((middle_start, row - 1))
                middle, middle_start = group, row
            cells.append([vendor_id, group, name, text or None, old or None, ref, mark, note or None])
            if hide:
                hidden.append(row)
            key = vendor_id.translate(str.maketrans("ＨＪ－０１２３４５６７８９", "HJ-0123456789"))
            refs, bad = _messy_refs(ref)
            entry = _expect(key, "機能一覧", row, [section_name, middle], name, refs, mark, expect, ambiguous)
            entry["bad_refs"] = bad
            entry["hidden"] = hide
            expected.append(entry)
        last = len(cells)
        if middle_start is not None and last > middle_start:
            merges.append((middle_start, last))
    return cells, expected, merges, hidden


def _messy_refs(written: object) -> tuple[list[str], list[str]]:
    """What the cited IDs are meant to be, as the vendor wrote them (answer key only)."""
    if written in ("", "－"):
        return [], []
    if isinstance(written, int):
        return [str(written).zfill(7)], []
    if written == "001-0151":
        return [], ["001-0151"]
    text = written.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return [part.zfill(7) for part in re.split(r"[、／,\s～]+", text) if part], []


def build_messy(path: Path, csv_path: Path) -> list[dict]:
    cells, expected, merges, hidden = _messy_rows()
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    _cover(workbook, "HOKUTO住記 V5 機能一覧表", "北斗電算株式会社")
    history = workbook.create_sheet("改版履歴")
    for line in [["版", "日付", "内容", "作成者"], ["1.0", "2024/10/01", "初版", "北斗電算"],
                 ["1.1", "2025/03/15", "標準仕様書との対応欄を追加\n独自機能を追記", "北斗電算"]]:
        history.append(line)
    _style(history, {"C": 40})
    legend = workbook.create_sheet("凡例")
    legend.append(["凡例（対応状況）"])
    for mark, meaning in MESSY_MARKS:
        legend.append([mark, meaning])
    _style(legend, {"B": 36})
    sheet = workbook.create_sheet("機能一覧")
    for values in cells:
        sheet.append(values)
    sheet["A1"].font = TITLE
    sheet.merge_cells("A1:H1")
    for column in "ABEH":
        sheet.merge_cells(f"{column}{MESSY_TOP}:{column}{MESSY_TOP + 1}")
    sheet.merge_cells(f"C{MESSY_TOP}:D{MESSY_TOP}")
    sheet.merge_cells(f"F{MESSY_TOP}:G{MESSY_TOP}")
    for row in (MESSY_TOP, MESSY_TOP + 1):
        for cell in sheet[row]:
            cell.font, cell.fill, cell.border, cell.alignment = BOLD, FILL, BOX, CENTER
    for number, values in enumerate(cells, start=1):
        if number > MESSY_TOP + 1 and len(values) == 1:  # a heading row, merged across
            sheet.merge_cells(f"A{number}:H{number}")
            sheet.cell(row=number, column=1).fill = HEADING_FILL
            sheet.cell(row=number, column=1).font = BOLD
        elif number > MESSY_TOP + 1 and values:
            for cell in sheet[number]:
                cell.border, cell.alignment = BOX, WRAP
            if isinstance(values[5], int):
                sheet.cell(row=number, column=6).number_format = "0"
    for first, last in merges:
        sheet.merge_cells(f"B{first}:B{last}")
    sheet.column_dimensions[HIDDEN_COLUMN].hidden = True
    for row in hidden:
        sheet.row_dimensions[row].hidden = True
    sheet.freeze_panes = f"A{MESSY_TOP + 2}"
    _style(sheet, {"A": 12, "B": 10, "C": 28, "D": 44, "E": 12, "F": 20, "G": 9, "H": 28})
    _save(workbook, path)

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")  # Excel quotes cells with line breaks
    width = 8
    for values in cells:
        writer.writerow([("" if v is None else v) for v in values] + [""] * (width - len(values)))
    csv_path.write_bytes(buffer.getvalue().encode("cp932"))
    return expected


def _expect(key, sheet, row, section, name, refs, mark, expect, ambiguous) -> dict:
    """One feature of the answer key; without a vendor or standard ID, the key is the section path
    and the name in NFKC without white space (see gapcheck/formats/inventory.py)."""
    if key is None:
        key = "/".join(re.sub(r"\s+", "", unicodedata.normalize("NFKC", part)) for part in [*section, name])
    return {
        "key": key,
        "sheet": sheet,
        "row": row,
        "section": section,
        "name": name,
        "refs": refs,
        "mark": mark,
        "expect": expect,
        "ambiguous": ambiguous,
    }


def _answer_key_text(answer_key: dict) -> str:
    """JSON with one feature per line, so that a change to a sample shows as a one-line diff."""
    def dumps(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    files = []
    for name, entry in answer_key["files"].items():
        head = ", ".join(f"{dumps(k)}: {dumps(v)}" for k, v in entry.items() if k != "features")
        if "features" in entry:
            rows = ",\n".join(f"      {dumps(feature)}" for feature in entry["features"])
            files.append(f'    {dumps(name)}: {{{head}, "features": [\n{rows}\n    ]}}')
        else:
            files.append(f"    {dumps(name)}: {{{head}}}")
    return "{\n" + f'  "about": {dumps(answer_key["about"])},\n  "files": {{\n' + ",\n".join(files) + "\n  }\n}\n"


def main() -> None:
    layout = {
        "format": "gapcheck-layout",
        "format_version": 1,
        "description": "北斗電算 HOKUTO住記 機能一覧表: its 凡例 sheet defines C as カスタマイズで対応",
        "header_rows": [MESSY_TOP, MESSY_TOP + 1],
        "support_marks": {"C": "custom"},
    }
    files = {
        "juki-catalog.xlsx": {"spec": "specs/juki-1.0.json", "kind": "catalog",
                              "features": build_catalog(HERE / "juki-catalog.xlsx")},
        "inkan-tekigo.xlsx": {"spec": "specs/inkan-1.0.json", "kind": "conformance",
                              "features": build_tekigo(HERE / "inkan-tekigo.xlsx")},
    }
    messy = build_messy(HERE / "juki-messy.xlsx", HERE / "juki-messy-cp932.csv")
    files["juki-messy.xlsx"] = {"spec": "specs/juki-1.0.json", "kind": "catalog", "layout": "juki-messy.layout.json",
                                "features": messy}
    files["juki-messy-cp932.csv"] = {"spec": "specs/juki-1.0.json", "kind": "catalog",
                                     "layout": "juki-messy.layout.json", "same_as": "juki-messy.xlsx"}
    (HERE / "juki-messy.layout.json").write_text(json.dumps(layout, ensure_ascii=False, indent=2) + "\n", "utf-8")
    answer_key = {
        "about": "Answer key of the sample inventories (sample data written for gapcheck, fictional vendors). Per "
                 "feature: key, sheet, 1-based row, section path, name, cited standard IDs (normalised) and the mark "
                 "as gapcheck must read them; expect: the requirement ids a careful reviewer maps the feature to, "
                 "or \"extra\" (独自機能); ambiguous: a matcher should ask a person. Generated by build.py.",
        "files": files,
    }
    (HERE / "expected.json").write_text(_answer_key_text(answer_key), "utf-8")
    for name in files:
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main()
