namespace Arbiter.Engine.Reports.Html;

/// <summary>The report's inline stylesheet and sorting script: no external assets or web fonts, so the file opens offline.</summary>
internal static class HtmlAssets
{
    // System fonts only; the Noto families cover Cyrillic and CJK where installed.
    public const string Css = """
        body{font-family:system-ui,"Segoe UI","Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:24px auto;max-width:1180px;color:#1d1d1f;padding:0 16px;font-size:14px}
        h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
        .sub{color:#555;margin:0 0 12px}.note{background:#fff8e1;border:1px solid #f0d98c;border-radius:6px;padding:8px 14px;margin:12px 0}
        .note li{margin:2px 0}table{border-collapse:collapse;margin:8px 0 16px;font-size:13px}
        th,td{padding:4px 8px;border-bottom:1px solid #e5e5e5;text-align:right;white-space:nowrap}
        th{background:#f4f5f7;cursor:pointer;user-select:none;position:sticky;top:0}th:hover{background:#e8eaee}
        td.t,th.t{text-align:left}.sig{font-weight:600}.muted{color:#888}.scroll{overflow-x:auto}
        .panels{display:flex;flex-wrap:wrap;gap:16px}.panel{border:1px solid #e5e5e5;border-radius:6px;padding:6px}
        svg text{font-family:inherit}svg .ax{font-size:11px;fill:#666}svg .lbl{font-size:12px;fill:#222}svg .b{font-weight:600}
        svg .val{font-size:11px;fill:#333}svg .hv{font-size:11px;fill:#111}svg .w{fill:#fff}
        figure.chart{margin:12px 0 20px}figure.chart svg{max-width:100%;height:auto;border:1px solid #e5e5e5;border-radius:6px}figure.chart figcaption{color:#555;font-size:12px;margin-top:4px;max-width:800px}
        footer{margin-top:32px;color:#777;font-size:12px}
        """;

    public const string Script = """
        document.querySelectorAll('table.sortable th').forEach(function(th){th.addEventListener('click',function(){
        var table=th.closest('table'),body=table.tBodies[0],i=Array.prototype.indexOf.call(th.parentNode.children,th),asc=th.dataset.dir!=='asc';
        table.querySelectorAll('th').forEach(function(h){delete h.dataset.dir});th.dataset.dir=asc?'asc':'desc';
        var key=function(r){var c=r.children[i];var v=c.dataset.v;return v!==undefined?parseFloat(v):c.textContent};
        Array.from(body.rows).sort(function(a,b){var x=key(a),y=key(b);var r=(typeof x==='number'&&typeof y==='number')?x-y:String(x).localeCompare(String(y));return asc?r:-r}).forEach(function(r){body.appendChild(r)});
        })});
        """;
}
