//! Small helpers over web-sys. Text goes in with `set_text_content` only: nothing the applicant
//! types is ever parsed as HTML.

use std::rc::Rc;

use js_sys::{Function, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Event, Window};

#[wasm_bindgen]
extern "C" {
    /// The global `window`, read once (`undefined`, so `None`, outside a browser page).
    #[wasm_bindgen(thread_local_v2, js_name = window)]
    static WINDOW: Option<Window>;

    /// An input, a select, a textarea, or the RadioNodeList of a group of radios (whose value
    /// is the checked radio's): the page only reads and writes their `value`, through these
    /// two imports instead of web-sys's one pair per element type.
    type Control;
    #[wasm_bindgen(method, getter = value)]
    fn get_value(this: &Control) -> Option<String>;
    #[wasm_bindgen(method, setter = value)]
    fn put_value(this: &Control, value: &str);

    // What `append` calls, without web-sys's error paths: neither can throw for what the page
    // asks of them (its tag names are constants, and a new element can always be appended), and
    // error paths at the fifty places the page builds its results cost about 0.4 KB gzip.
    /// An element seen as the parent `append` builds in.
    type Parent;
    /// `element.ownerDocument`, never null for an element.
    #[wasm_bindgen(method, getter = ownerDocument)]
    fn document(this: &Parent) -> Maker;
    /// `parent.appendChild(child)`.
    #[wasm_bindgen(method, js_name = appendChild)]
    fn add_child(this: &Parent, child: &Element);
    /// `parent.querySelector(selector)`: the page's selectors are constants, and valid.
    #[wasm_bindgen(method, js_name = querySelector)]
    fn query(this: &Parent, selector: &str) -> Option<Element>;
    /// `parent.querySelectorAll(selector)`.
    #[wasm_bindgen(method, js_name = querySelectorAll)]
    fn query_all(this: &Parent, selector: &str) -> web_sys::NodeList;
    /// `element.removeAttribute(name)`.
    #[wasm_bindgen(method, js_name = removeAttribute)]
    fn remove_attr(this: &Parent, name: &str);
    /// `element.focus()`.
    #[wasm_bindgen(method, js_name = focus)]
    fn focus_on(this: &Parent);
    /// `target.addEventListener(event, listener)`.
    #[wasm_bindgen(method, js_name = addEventListener)]
    fn on(this: &Parent, event: &str, listener: &js_sys::Function);
    /// `element.closest(selector)`.
    #[wasm_bindgen(method, js_name = closest)]
    fn closest_to(this: &Parent, selector: &str) -> Option<Element>;
    /// `element.cloneNode(true)`.
    #[wasm_bindgen(method, js_name = cloneNode)]
    fn deep_copy(this: &Parent, deep: bool) -> Element;
    /// `target.dispatchEvent(new Event(kind))`'s parts: a fresh event can always be dispatched.
    #[wasm_bindgen(method, js_name = dispatchEvent)]
    fn dispatch(this: &Parent, event: &NewEvent);
    #[wasm_bindgen(js_name = Event)]
    type NewEvent;
    #[wasm_bindgen(constructor, js_class = Event)]
    fn new(kind: &str) -> NewEvent;
    /// The page's address (`location.href`; its getter cannot throw).
    #[wasm_bindgen(thread_local_v2, js_name = location)]
    static LOCATION: Place;
    type Place;
    #[wasm_bindgen(method, getter)]
    fn href(this: &Place) -> String;
    /// `setTimeout(callback, ms)`, which gives the timer's id, and `clearTimeout(id)`.
    #[wasm_bindgen(js_name = setTimeout)]
    pub fn set_timeout(callback: &JsValue, ms: i32) -> i32;
    #[wasm_bindgen(js_name = clearTimeout)]
    pub fn clear_timeout(id: i32);
    /// The session history, whose `replaceState` the page calls.
    #[wasm_bindgen(thread_local_v2, js_name = history)]
    static HISTORY: web_sys::History;
    /// `new Blob(parts, options)` and `URL.createObjectURL(blob)`.
    #[wasm_bindgen(js_name = Blob)]
    type NewBlob;
    #[wasm_bindgen(constructor, js_class = Blob)]
    fn new(parts: &js_sys::Array, options: &JsValue) -> NewBlob;
    #[wasm_bindgen(js_namespace = URL, js_name = createObjectURL)]
    fn object_url(blob: &NewBlob) -> String;
    /// The browser's print dialog (`window.print()`).
    #[wasm_bindgen(js_name = print)]
    pub fn print();
    /// `URL.revokeObjectURL(url)`, which throws for nothing.
    #[wasm_bindgen(js_namespace = URL, js_name = revokeObjectURL)]
    pub fn revoke(url: &str);
    /// A document seen as what makes elements.
    type Maker;
    /// `document.createElement(tag)`.
    #[wasm_bindgen(method, js_name = createElement)]
    fn new_element(this: &Maker, tag: &str) -> Element;
}

/// The page's window. Not `web_sys::window()`, which looks for the global object four ways
/// (`globalThis`, `self`, `window`, `global`) and then checks that it is a `Window`: the checker
/// page only runs in one (measured: about 0.4 KB of gzipped wasm and glue less).
pub fn window() -> Option<Window> {
    WINDOW.with(Clone::clone)
}

/// A JS `Error` (what `mountPage` throws, like every other function of the checker).
pub fn error(message: &str) -> JsValue {
    wasm_bindgen::JsError::new(message).into()
}

/// The element `id`, as the kind the page's template makes it (an element, or an HTML element
/// for `hidden` and `focus`: every element of an HTML page is one). The kinds whose own methods
/// the page calls (form, textarea, template) are checked by [`Hooks`].
pub fn by_id<T: JsCast>(document: &Document, id: &str) -> Result<T, JsValue> {
    element(document, id).map(JsCast::unchecked_into)
}

// The three below are not generic: one copy serves every kind of element `by_id` is asked for.

fn element(document: &Document, id: &str) -> Result<Element, JsValue> {
    document.get_element_by_id(id).ok_or_else(|| missing(id))
}

fn missing(id: &str) -> JsValue {
    error(&format!("#{id} is missing from the page"))
}

fn wrong_kind(id: &str) -> JsValue {
    error(&format!("#{id} is not the expected kind of element"))
}

/// The page's hooks, looked up by id for a struct that holds them: one error for all (the
/// first hook missing or of another kind), checked by [`Hooks::done`] once the struct is
/// filled, instead of an error path per field, each dropping the fields before it (measured:
/// about 0.3 KB of gzipped wasm and glue).
pub struct Hooks {
    document: Document,
    error: Option<JsValue>,
}

impl Hooks {
    pub fn new(document: &Document) -> Self {
        Self {
            document: document.clone(),
            error: None,
        }
    }

    /// The element `id`, whose tag name must be `tag` (`""`: any element). When it is missing
    /// or of another kind, the error is kept for [`Hooks::done`] and `null` stands in for it.
    #[inline(never)]
    fn find(&mut self, id: &str, tag: &str) -> JsValue {
        match self.document.get_element_by_id(id) {
            Some(found) if tag.is_empty() || found.tag_name() == tag => found.into(),
            found => {
                if self.error.is_none() {
                    self.error = Some(match found {
                        Some(_) => wrong_kind(id),
                        None => missing(id),
                    });
                }
                JsValue::NULL
            }
        }
    }

    /// The element `id`.
    pub fn get<T: JsCast>(&mut self, id: &str) -> T {
        self.find(id, "").unchecked_into()
    }

    /// The element `id`, which must be a `<tag>` (`FORM`, `TEXTAREA`, `TEMPLATE`).
    pub fn get_kind<T: JsCast>(&mut self, id: &str, tag: &str) -> T {
        self.find(id, tag).unchecked_into()
    }

    /// The first hook that was missing or of another kind, if one was.
    pub fn done(self) -> Result<(), JsValue> {
        self.error.map_or(Ok(()), Err)
    }
}

/// What runs once, later (a timer's or a promise's callback; its argument, if any, unused):
/// boxed, so that one copy of wasm-bindgen's closure glue serves every such callback.
pub type Later = Box<dyn FnOnce(JsValue)>;

/// `later` as a function the browser can call (once).
pub fn once(later: Later) -> JsValue {
    Closure::once_into_js(later)
}

/// What an event listener runs: a function pointer, not a generic closure, so that one copy of
/// the listener's code serves every handler of a kind of state (measured on the work-history
/// helper: about 1 KB of gzipped wasm less).
pub type Handler<S> = fn(&Rc<S>, &Event) -> Result<(), JsValue>;

/// Runs `handler` with `state` on every `event` at `target`; an error goes to the console. The
/// page and its helpers live as long as the document: the listener is never removed.
pub fn listen<S: 'static>(target: &Element, event: &str, state: &Rc<S>, handler: Handler<S>) {
    let state = state.clone();
    // FnMut rather than Fn: the glue then needs one kind of closure wrapper, not two. No handler
    // dispatches the event it handles, so none is re-entered.
    let closure = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
        if let Err(error) = handler(&state, &event) {
            web_sys::console::error_1(&error);
        }
    });
    target
        .unchecked_ref::<Parent>()
        .on(event, closure.as_ref().unchecked_ref());
    closure.forget();
}

/// The element an event happened on (none for an event at the document or the window).
pub fn target_element(event: &Event) -> Option<Element> {
    event.target().and_then(|target| target.dyn_into().ok())
}

/// The first element in `parent` that `selector` (a constant) matches.
pub fn find(parent: &Element, selector: &str) -> Option<Element> {
    parent.unchecked_ref::<Parent>().query(selector)
}

/// `object[key]` (`undefined` when it cannot be read).
#[inline(never)]
pub fn at(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &key.into()).unwrap_or_default()
}

/// `object[key]` when it is a string.
pub fn text_at(object: &JsValue, key: &str) -> Option<String> {
    at(object, key).as_string()
}

/// `navigator.clipboard.writeText(text)`: what it returned (a promise), or `None` where the
/// browser has no clipboard API or the call threw. The page's copy buttons share it.
pub fn write_clipboard(text: &str) -> Option<JsValue> {
    let clipboard = window()
        .map(|window| at(&window.navigator(), "clipboard"))
        .filter(JsValue::is_object)?;
    let write = at(&clipboard, "writeText").dyn_into::<Function>().ok()?;
    write.call1(&clipboard, &text.into()).ok()
}

/// Every element in `parent` that `selector` (a constant) matches, in document order.
pub fn find_all(parent: &Element, selector: &str) -> Vec<Element> {
    let found = parent.unchecked_ref::<Parent>().query_all(selector);
    (0..found.length())
        .filter_map(|index| found.item(index))
        .map(JsCast::unchecked_into)
        .collect()
}

/// The nearest of `element` and its ancestors that `selector` (a constant) matches.
pub fn closest(element: &Element, selector: &str) -> Option<Element> {
    element.unchecked_ref::<Parent>().closest_to(selector)
}

/// A deep copy of `element`.
pub fn copy_of(element: &Element) -> Element {
    element.unchecked_ref::<Parent>().deep_copy(true)
}

/// Fires a `kind` event (`change`) at `target`, as if the applicant had changed it.
pub fn fire(target: &Element, kind: &str) {
    target
        .unchecked_ref::<Parent>()
        .dispatch(&NewEvent::new(kind));
}

/// A `blob:` address of a file holding `text`, of the media type `kind` (neither the file nor
/// its address can fail for a text and a type).
pub fn file_url(text: &str, kind: &str) -> String {
    let parts = js_sys::Array::new();
    parts.push(&text.into());
    let options = crate::bindings::PlainObject::new()
        .field("type", kind.into())
        .done();
    object_url(&NewBlob::new(&parts, &options))
}

/// Replaces the page's address by `target` (same page, same origin): no navigation, no new
/// entry in the history. Browsers that limit how often it may be called throw beyond that
/// limit: the address then stays as it was.
pub fn replace_address(target: &str) {
    HISTORY.with(|history| {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(target));
    });
}

/// The page's address.
pub fn here() -> String {
    LOCATION.with(Place::href)
}

/// Removes an attribute.
pub fn unset(element: &Element, name: &str) {
    element.unchecked_ref::<Parent>().remove_attr(name);
}

/// Moves the focus to `element`.
pub fn focus(element: &Element) {
    element.unchecked_ref::<Parent>().focus_on();
}

/// A control's value (`None` when `control` has none).
pub fn value_of(control: &JsValue) -> Option<String> {
    control.unchecked_ref::<Control>().get_value()
}

/// A control's value, empty when it has none.
pub fn value(control: &JsValue) -> String {
    value_of(control).unwrap_or_default()
}

/// Sets a control's value (for a group of radios: checks the radio of that value).
pub fn set_value(control: &JsValue, value: &str) {
    control.unchecked_ref::<Control>().put_value(value);
}

/// `<tag class="…">text</tag>`, appended to `parent`.
#[inline(never)]
pub fn append(parent: &Element, tag: &str, class: &str, text: &str) -> Element {
    let parent = parent.unchecked_ref::<Parent>();
    let element = parent.document().new_element(tag);
    if !class.is_empty() {
        element.set_class_name(class);
    }
    if !text.is_empty() {
        element.set_text_content(Some(text));
    }
    parent.add_child(&element);
    element
}

/// [`append`] for a caller that does not need the element.
pub fn add(parent: &Element, tag: &str, class: &str, text: &str) {
    append(parent, tag, class, text);
}

/// [`append_link`] for a caller that does not need the link.
pub fn add_link(parent: &Element, href: &str, text: &str) {
    append_link(parent, href, text);
}

/// Sets an attribute. `setAttribute` throws only for a name that is not an XML name, and every
/// name the page sets is a constant: one call instead of an error path at each caller.
#[inline(never)]
pub fn attr(element: &Element, name: &str, value: &str) {
    let _ = element.set_attribute(name, value);
}

/// `<a href="…">text</a>`, appended to `parent`.
pub fn append_link(parent: &Element, href: &str, text: &str) -> Element {
    let link = append(parent, "a", "", text);
    attr(&link, "href", href);
    link
}

/// Sets the attribute to `true`, or removes it.
pub fn set_flag(element: &Element, name: &str, on: bool) {
    if on {
        attr(element, name, "true");
    } else {
        unset(element, name);
    }
}

pub fn clear(element: &Element) {
    element.set_text_content(None);
}
